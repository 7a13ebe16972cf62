using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Server;

/// <summary>One git daemon and one lighttpd with git-http-backend for a test class; each test makes its own
/// repositories on them.</summary>
public sealed class GitServersFixture : IDisposable
{
    private readonly Dictionary<string, GitServer> _servers = [];
    private readonly Lock _gate = new();

    /// <summary>The running server of <paramref name="kind"/>, started on first use.</summary>
    internal GitServer Get(string kind)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(kind, out var server))
            {
                server = _servers[kind] = GitServer.Start(kind);
            }

            return server;
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers.Values)
        {
            server.Dispose();
        }
    }
}
