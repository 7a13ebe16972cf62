using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A real HTTP server on loopback (Kestrel, port chosen by the OS) that plays the Linq API: it records
/// every request it receives, whatever the path, and answers as the test says.</summary>
internal sealed class FakeLinqApi : IAsyncDisposable
{
    private readonly Func<HttpContext, Task> _answer;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Lock _counting = new();
    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;

    private FakeLinqApi(Func<HttpContext, Task> answer) => _answer = answer;

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Origin { get; private set; } = string.Empty;

    public int Port => new Uri(Origin).Port;

    /// <summary>The base URL to pass as --api-base-url; Linq's own base has the same path.</summary>
    public string BaseUrl => Origin + "/api/partner";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The most requests that were open at the same time.</summary>
    public int MaxInFlight
    {
        get
        {
            lock (_counting)
            {
                return _maxInFlight;
            }
        }
    }

    public static async Task<FakeLinqApi> StartAsync(Func<HttpContext, Task> answer)
    {
        var api = new FakeLinqApi(answer);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        api._app = builder.Build();
        api._app.Run(api.HandleAsync);
        await api._app.StartAsync();
        api.Origin = api._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return api;
    }

    public static Func<HttpContext, Task> Answer(int status, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(body);
        };

    /// <summary>What Linq answers a working token.</summary>
    public static Func<HttpContext, Task> PhoneNumbers() =>
        Answer(200, """{"phone_numbers":[{"id":"550e8400-e29b-41d4-a716-446655440000","phone_number":"+12025551234"}]}""");

    /// <summary>Linq's error envelope.</summary>
    public static Func<HttpContext, Task> LinqError(int status, int code, string message, params (string Name, string Value)[] headers) =>
        Answer(status, $$$"""{"success":false,"error":{"status":{{{status}}},"code":{{{code}}},"message":"{{{message}}}"},"trace_id":"trace-test"}""", "application/json", headers);

    /// <summary>Accepts the request and never answers, until the client gives up.</summary>
    public static Func<HttpContext, Task> NeverAnswer() =>
        async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.PathBase + request.Path,
            request.Headers.Authorization.FirstOrDefault(),
            request.Headers.UserAgent.FirstOrDefault()));
        lock (_counting)
        {
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        }

        try
        {
            await _answer(context);
        }
        finally
        {
            lock (_counting)
            {
                _inFlight--;
            }
        }
    }
}
