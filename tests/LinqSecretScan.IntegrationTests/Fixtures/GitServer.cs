using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A real git server on loopback, in a temp folder of its own, serving the bare repositories under
/// <see cref="RepositoriesRoot"/>: `git daemon --enable=receive-pack` (the git protocol) or lighttpd running
/// git-http-backend (smart HTTP, with basic authentication, so git-http-backend takes pushes and the hook sees
/// REMOTE_USER). Each is started on a free port with a configuration of its own, its environment is what its hooks
/// get, and it is stopped (with every process it started) in Dispose.</summary>
internal sealed class GitServer : IDisposable
{
    public const string Daemon = "git-daemon";
    public const string Http = "smart-http";
    public const string HttpUser = "alice";
    private const string HttpPassword = "correct-horse";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private GitServer(string kind, string folder, int port, Process process)
    {
        Kind = kind;
        Folder = folder;
        Port = port;
        _process = process;
    }

    public string Kind { get; }

    /// <summary>The server's own folder (configuration, logs) with the repositories in <see cref="RepositoriesRoot"/>.</summary>
    public string Folder { get; }

    public string RepositoriesRoot => Path.Combine(Folder, "repositories");

    public int Port { get; }

    public static IEnumerable<object[]> Kinds => [[Daemon], [Http]];

    /// <summary>The URL a client pushes to for the bare repository <paramref name="name"/> (`name.git` under the root).</summary>
    public string UrlOf(string name) => Kind == Daemon
        ? $"git://127.0.0.1:{Port}/{name}.git"
        : $"http://{HttpUser}:{HttpPassword}@127.0.0.1:{Port}/git/{name}.git";

    /// <summary>Starts a server of <paramref name="kind"/>. <paramref name="environment"/> is added to the tests' isolated
    /// git environment (<see cref="GitEnvironment.Isolated"/>): it is what the hooks run with.</summary>
    public static GitServer Start(string kind, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"lss-server-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(Path.Combine(folder, "repositories"));
        var variables = new Dictionary<string, string?>(GitEnvironment.Isolated);
        variables["PATH"] = Environment.GetEnvironmentVariable("PATH");
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            variables["DOTNET_ROOT"] = dotnetRoot;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var process = kind == Daemon ? StartDaemon(folder, port, variables) : StartLighttpd(folder, port, variables);
            var server = new GitServer(kind, folder, port, process);
            process.OutputDataReceived += (_, e) => server.Record(e.Data);
            process.ErrorDataReceived += (_, e) => server.Record(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (server.WaitUntilListening(TimeSpan.FromSeconds(30)))
            {
                return server;
            }

            string log = server.Log;
            server.Stop();
            if (attempt == 3)
            {
                Directory.Delete(folder, recursive: true);
                throw new InvalidOperationException($"the {kind} server did not start on port {port}:\n{log}");
            }
        }
    }

    /// <summary>What the server wrote (for a failing test's message).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                string errors = Kind == Http && File.Exists(Path.Combine(Folder, "error.log")) ? File.ReadAllText(Path.Combine(Folder, "error.log")) : string.Empty;
                return _log + errors;
            }
        }
    }

    private static string HttpBackend => Path.Combine(GitExecPath(), "git-http-backend");

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static Process StartDaemon(string folder, int port, Dictionary<string, string?> variables)
    {
        string root = Path.Combine(folder, "repositories");
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", $"--base-path={root}", "--export-all", "--enable=receive-pack", "--informative-errors", "--max-connections=64", root])
        {
            info.ArgumentList.Add(argument);
        }

        Apply(info, variables);
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start git daemon");
    }

    /// <summary>lighttpd runs git-http-backend as a CGI program for /git/; mod_cgi gives a CGI program only the CGI
    /// variables, so what the hooks need (PATH, HOME, the isolated git configuration) is set with mod_setenv.</summary>
    private static Process StartLighttpd(string folder, int port, Dictionary<string, string?> variables)
    {
        if (!File.Exists(HttpBackend))
        {
            throw new InvalidOperationException($"{HttpBackend} is missing: git's smart HTTP server program comes with git");
        }

        string root = Path.Combine(folder, "repositories");
        Directory.CreateDirectory(Path.Combine(folder, "www"));
        File.WriteAllText(Path.Combine(folder, "users"), $"{HttpUser}:{HttpPassword}\n");
        var settings = variables.Where(v => v.Value is not null).Select(v => $"    \"{v.Key}\" => \"{Escape(v.Value!)}\",").ToList();
        settings.Add($"    \"GIT_PROJECT_ROOT\" => \"{Escape(root)}\",");
        settings.Add("    \"GIT_HTTP_EXPORT_ALL\" => \"1\",");
        string config = $$"""
            server.document-root = "{{Escape(Path.Combine(folder, "www"))}}"
            server.bind = "127.0.0.1"
            server.port = {{port}}
            server.errorlog = "{{Escape(Path.Combine(folder, "error.log"))}}"
            server.modules = ( "mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi" )
            alias.url = ( "/git" => "{{Escape(HttpBackend)}}" )
            $HTTP["url"] =~ "^/git" {
              cgi.assign = ( "" => "" )
              setenv.add-environment = (
            {{string.Join('\n', settings)}}
              )
              auth.backend = "plain"
              auth.backend.plain.userfile = "{{Escape(Path.Combine(folder, "users"))}}"
              auth.require = ( "" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )
            }
            """;
        string configFile = Path.Combine(folder, "lighttpd.conf");
        File.WriteAllText(configFile, config);
        var info = new ProcessStartInfo(RequiredTools.Command("lighttpd", "lighttpd"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-D");
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(configFile);
        Apply(info, variables);
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start lighttpd");
    }

    private static void Apply(ProcessStartInfo info, Dictionary<string, string?> variables)
    {
        foreach (var (key, value) in variables)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string GitExecPath() => ProcessRunner.Run("git", ["--exec-path"], Path.GetTempPath()).StdOut.Trim();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private bool WaitUntilListening(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        return false;
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
