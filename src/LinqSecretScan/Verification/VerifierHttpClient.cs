using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LinqSecretScan.Core;

namespace LinqSecretScan.Verification;

/// <summary>The HttpClient that carries tokens: no redirects, no cookies, no credentials of its own, and for
/// clear-text http no proxy and no address that is not loopback.</summary>
internal static class VerifierHttpClient
{
    public static HttpClient Create(VerifierSettings settings)
    {
        bool clearText = settings.BaseUrl.Scheme == Uri.UriSchemeHttp;
        var handler = new SocketsHttpHandler
        {
            // A redirect would carry the request (and, for some clients, the Authorization header) elsewhere.
            AllowAutoRedirect = false,
            UseCookies = false,
            PreAuthenticate = false,
            // Through https a proxy only sees a CONNECT tunnel, and corporate networks need it; in clear text it
            // would see the token.
            UseProxy = !clearText,
            MaxConnectionsPerServer = settings.MaxConcurrency,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (clearText)
        {
            handler.ConnectCallback = ConnectToLoopbackOnlyAsync;
        }

        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(ToolInfo.Name, ToolInfo.Version));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>`localhost` is a name: resolve it here and connect only to the loopback addresses it gives, so
    /// a hosts file that says otherwise cannot send a token in clear off this machine.</summary>
    private static async ValueTask<Stream> ConnectToLoopbackOnlyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = (await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false))
            .Where(IPAddress.IsLoopback)
            .ToArray();
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"{endPoint.Host} does not resolve to a loopback address; the token was not sent");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
