using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Server;

/// <summary>The pre-receive hook refuses what it cannot judge, and says why: a scanner that is not there, objects it
/// cannot read (git's quarantine not read, a corrupt object), a policy it does not understand.</summary>
public sealed class FailClosedTests(GitServersFixture servers) : IClassFixture<GitServersFixture>
{
    private readonly TestSecrets _secrets = new();

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void ScannerMissing_RefusesThePush_UnlessThePolicySaysAccept(string kind)
    {
        using var repo = new ServerRepository(servers.Get(kind));
        string hook = Path.Combine(repo.GitDirectory, "hooks", "pre-receive");
        File.WriteAllText(hook, LinqSecretScan.Hooks.HookInstaller.Render(
            LinqSecretScan.Hooks.HookInstaller.Template("pre-receive"), "/nonexistent/linq-secret-scan", windows: false));
        repo.Commit("clean", ("README.md", "hello\n"));

        var refused = repo.Push("main");
        string? afterRefusal = repo.RefOnServer("refs/heads/main");
        repo.Policy("linqsecretscan.onError", "accept");
        var accepted = repo.PushAccepted("main");

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("the secret scanner was not found (installed at /nonexistent/linq-secret-scan; not on PATH either)", refused.StdErr);
        Assert.Null(afterRefusal);
        Assert.Contains("accepts the push unscanned (linqsecretscan.onError = accept)", accepted.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void APolicyKeyItDoesNotKnow_RefusesThePush_NamingIt(string kind)
    {
        using var repo = new ServerRepository(servers.Get(kind));
        repo.Policy("linqsecretscan.timout", "5");
        repo.Commit("clean", ("README.md", "hello\n"));

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains("unknown server policy key linqsecretscan.timout", push.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void ACorruptObjectTheScanNeeds_RefusesThePush_NamingIt(string kind)
    {
        using var repo = new ServerRepository(servers.Get(kind));
        repo.Commit("start", ("settings.txt", _secrets.Alnum(40) + "\n" + _secrets.Alnum(40) + "\n"));
        repo.PushAccepted("main");
        string oldBlob = repo.Bare("rev-parse", "main:settings.txt").StdOut.Trim();
        string loose = Path.Combine(repo.GitDirectory, "objects", oldBlob[..2], oldBlob[2..]);
        Assert.True(File.Exists(loose), $"{loose} is not a loose object");
        File.WriteAllBytes(loose, [0x78, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04]);
        repo.Commit("add a token to settings", ("settings.txt", $"LINQ_API_KEY={_secrets.LinqToken()}\n"));

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains("the scan of this push could not complete", push.StdErr);
        Assert.Contains(oldBlob, push.StdErr);
    }

    /// <summary>During pre-receive the pushed objects are only in git's quarantine: with the scanner told to ignore it
    /// (LINQ_SECRET_SCAN_IGNORE_QUARANTINE=1, a switch for this test) even a clean push cannot be read, and is refused
    /// with the reason; the same push to the same kind of server reading the quarantine goes through.</summary>
    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void WithoutReadingTheQuarantine_ThePushedObjectsAreNotFound_AndThePushIsRefused(string kind)
    {
        using var blind = GitServer.Start(kind, new Dictionary<string, string?> { ["LINQ_SECRET_SCAN_IGNORE_QUARANTINE"] = "1" });
        using var notSeen = new ServerRepository(blind);
        using var seen = new ServerRepository(servers.Get(kind));
        string commit = notSeen.Commit("clean", ("README.md", "hello\n"));
        seen.Client.GitOk("fetch", "-q", notSeen.Client.Root, "main");
        seen.Client.GitOk("reset", "-q", "--hard", "FETCH_HEAD");

        var refused = notSeen.Push("main");
        var accepted = seen.PushAccepted("main");

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("the scan of this push could not complete", refused.StdErr);
        Assert.Contains($"object {commit} is not in the object database (git's quarantine is not read", refused.StdErr);
        Assert.Equal(commit, seen.RefOnServer("refs/heads/main"));
        Assert.Contains("no Linq secrets in the push (1 new commit", accepted.StdErr);
    }

    /// <summary>/etc/gitconfig sets the policy for every repository (GIT_CONFIG_SYSTEM stands for it here); a
    /// repository's own config wins for that repository.</summary>
    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void ThePolicy_FromTheSystemConfig_AppliesToEveryRepository_TheRepositorysOwnWins(string kind)
    {
        string systemConfig = Path.Combine(Path.GetTempPath(), $"lss-gitconfig-{Guid.NewGuid():N}");
        File.WriteAllText(systemConfig, "[linqsecretscan]\n\tallowComments = false\n");
        try
        {
            using var server = GitServer.Start(kind, new Dictionary<string, string?> { ["GIT_CONFIG_NOSYSTEM"] = null, ["GIT_CONFIG_SYSTEM"] = systemConfig });
            using var strict = new ServerRepository(server);
            using var relaxed = new ServerRepository(server);
            relaxed.Policy("linqsecretscan.allowComments", "true");
            string line = $"LINQ_API_KEY = \"{_secrets.LinqToken()}\"  # linq-secret-scan:allow documented test value\n";
            strict.Commit("fixture", ("fixture.py", line));
            relaxed.Commit("fixture", ("fixture.py", line));

            var refused = strict.Push("main");
            var accepted = relaxed.PushAccepted("main");

            Assert.True(refused.ExitCode != 0, refused.ToString());
            Assert.Contains("fixture.py:1:", refused.StdErr);
            Assert.Contains("1 by allow comment", accepted.StdErr);
        }
        finally
        {
            File.Delete(systemConfig);
        }
    }
}
