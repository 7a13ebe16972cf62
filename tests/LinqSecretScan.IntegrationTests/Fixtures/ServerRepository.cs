namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A bare repository on a <see cref="GitServer"/>, with linq-secret-scan's pre-receive hook installed the way
/// an administrator installs it, and a client repository whose `origin` is the server's URL for it.</summary>
internal sealed class ServerRepository : IDisposable
{
    private static int _count;

    public ServerRepository(GitServer server, bool installHook = true)
    {
        Server = server;
        Name = $"repo{Interlocked.Increment(ref _count)}-{Guid.NewGuid().ToString("N")[..8]}";
        GitDirectory = Path.Combine(server.RepositoriesRoot, Name + ".git");
        Directory.CreateDirectory(GitDirectory);
        Bare("init", "-q", "--bare", "-b", "main");
        Bare("config", "receive.advertisePushOptions", "true");
        if (installHook)
        {
            var install = Scanner.Run(GitDirectory, "install", "--hook", "pre-receive", "-C", GitDirectory);
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"install --hook pre-receive failed: {install}");
            }
        }

        Client = new TempGitRepo();
        Client.GitOk("remote", "add", "origin", server.UrlOf(Name));
    }

    public GitServer Server { get; }

    public string Name { get; }

    public string GitDirectory { get; }

    public TempGitRepo Client { get; }

    /// <summary>git in the server's repository (as its administrator would run it).</summary>
    public ProcessResult Bare(params string[] arguments) => ProcessRunner.Run("git", ["--git-dir", GitDirectory, .. arguments], GitDirectory);

    /// <summary>A policy key in the repository's own git config.</summary>
    public ServerRepository Policy(string key, string value)
    {
        var result = Bare("config", key, value);
        return result.ExitCode == 0 ? this : throw new InvalidOperationException($"git config {key} failed: {result}");
    }

    /// <summary>The commit a ref of the server points at, or null.</summary>
    public string? RefOnServer(string name)
    {
        var result = Bare("rev-parse", "--verify", "-q", name + "^{}");
        return result.ExitCode == 0 ? result.StdOut.Trim() : null;
    }

    /// <summary>Whether the server's object database has the object (git cat-file -e).</summary>
    public bool ServerHas(string objectId) => Bare("cat-file", "-e", objectId).ExitCode == 0;

    /// <summary>git push from the client to the server (`-o` options are push options).</summary>
    public ProcessResult Push(params string[] arguments) => Client.Git(["push", "--porcelain", "origin", .. arguments]);

    /// <summary>A push the hook must accept: fails the test with git's output otherwise.</summary>
    public ProcessResult PushAccepted(params string[] arguments)
    {
        var result = Push(arguments);
        return result.ExitCode == 0 ? result : throw new Xunit.Sdk.XunitException($"the push was refused:\n{result}\n--- server log\n{Server.Log}");
    }

    /// <summary>A commit on the client adding (or replacing) files.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Client.Write(path, content);
        }

        Client.StageAll();
        return Client.Commit(message);
    }

    public void Dispose()
    {
        Client.Dispose();
        try
        {
            Directory.Delete(GitDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
