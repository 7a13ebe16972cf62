using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace LinqSecretScan.Verification;

/// <summary>Where tokens may be sent. A token is a credential: it travels over TLS, or in clear only to this
/// machine (a local stand-in for the API, as the tests use).</summary>
internal static class ApiBaseUrl
{
    public static Uri Default { get; } = new("https://api.linqapp.com/api/partner");

    public static bool TryParse(string text, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? reason)
    {
        url = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc || parsed.Host.Length == 0)
        {
            reason = $"--api-base-url '{text}' is not an absolute http(s) URL";
            return false;
        }

        if (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            reason = $"--api-base-url '{text}' must not carry a user name, password, query or fragment";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            reason = $"--api-base-url '{text}' must use https (or http to a loopback address)";
            return false;
        }

        if (parsed.Scheme == Uri.UriSchemeHttp && !IsLoopback(parsed))
        {
            reason = $"--api-base-url '{text}' is refused: http sends the token in clear, so it is accepted only for a loopback address (127.0.0.0/8, ::1, localhost); use https";
            return false;
        }

        url = parsed;
        reason = null;
        return true;
    }

    /// <summary>By address or by the name `localhost`, nothing else: an address that merely reaches this machine
    /// (0.0.0.0, a local interface's address) is refused too.</summary>
    public static bool IsLoopback(Uri url) => url.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address),
        UriHostNameType.Dns => string.Equals(url.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The one URL a token is ever sent to.</summary>
    public static Uri Endpoint(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/v3/phone_numbers");
}
