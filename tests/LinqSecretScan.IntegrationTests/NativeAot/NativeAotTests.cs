using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.NativeAot;

/// <summary>The NativeAOT binary works the same as the JIT build: LibGit2Sharp under AOT (no Compare&lt;Patch&gt;, no
/// Repository.Discover, unfiltered blob streams), CommandLineParser under trimming, the hook end to end.</summary>
[UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
public sealed class NativeAotTests
{
    private readonly TestSecrets _secrets = new();

    private static string Binary()
    {
        var (binary, skip) = NativeAotBuild.Get();
        Skip.If(binary is null, skip);
        return binary!;
    }

    [SkippableFact]
    public void Aot_Staged_FindsATokenInUtf16AndALinqCredential_WithTheSameJsonAsTheJitBuild()
    {
        string aot = Binary();
        using var repo = new TempGitRepo();
        repo.WriteBytes("win.txt", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"x\r\ntoken {_secrets.LinqToken()}\r\n")])
            .Write("config/appsettings.json", $"{{\n  \"Linq\": {{\n    \"ApiKey\": \"{_secrets.Alnum(40)}\"\n  }}\n}}\n")
            .Write("src/Query.cs", "using System.Linq;\nvar x = items.Where(i => i > 1).ToList();\n")
            .StageAll();

        var jit = Scanner.Run(repo.Root, "staged", "--format", "json");
        var native = ProcessRunner.Run(aot, ["staged", "--format", "json"], repo.Root);

        Assert.Equal(1, native.ExitCode);
        Assert.Equal(jit.StdOut, native.StdOut);
        Assert.Equal(2, Scanner.ParseFindings(native).Count);
    }

    [SkippableFact]
    public void Aot_CommandLine_VersionHelpAndBadUsage()
    {
        string aot = Binary();
        using var repo = new TempGitRepo();

        var version = ProcessRunner.Run(aot, ["--version"], repo.Root);
        var help = ProcessRunner.Run(aot, ["staged", "--help"], repo.Root);
        var bad = ProcessRunner.Run(aot, ["staged", "--no-such-option"], repo.Root);
        var notRepo = ProcessRunner.Run(aot, ["staged", "-C", Path.GetTempPath()], repo.Root);

        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("linq-secret-scan ", version.StdOut);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--format", help.StdOut);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown option '--no-such-option'", bad.StdErr);
        Assert.Equal(2, notRepo.ExitCode);
        Assert.Single(notRepo.StdErr.Trim().Split('\n'));
    }

    [SkippableFact]
    public void Aot_InstalledHook_BlocksCommitDashAWithAToken_AndLetsACleanOneThrough()
    {
        string aot = Binary();
        using var repo = new TempGitRepo();
        Assert.Equal(0, ProcessRunner.Run(aot, ["install"], repo.Root).ExitCode);
        Assert.Contains(aot, File.ReadAllText(repo.PathOf(".git/hooks/pre-commit")));

        repo.Write("app.py", "import os\n").Stage("app.py");
        var clean = repo.Git("commit", "-m", "clean");
        repo.Write("app.py", $"import os\nLINQ_API_KEY = \"{_secrets.Hex(40)}\"\n");
        var blocked = repo.Git("commit", "-a", "-m", "leak");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:2:", blocked.StdOut + blocked.StdErr);
        Assert.Equal("1", repo.Git("rev-list", "--count", "HEAD").StdOut.Trim());
    }

    /// <summary>The pre-receive hook reads git's quarantine through LibGit2Sharp's own libgit2 handle, reached with an
    /// UnsafeAccessor: that must hold in the trimmed NativeAOT binary too.</summary>
    [SkippableFact]
    public void Aot_PreReceiveHook_ReadsThePushFromGitsQuarantine()
    {
        string aot = Binary();
        using var server = new TempGitRepo(bare: true);
        using var client = new TempGitRepo();
        Assert.Equal(0, ProcessRunner.Run(aot, ["install", "--hook", "pre-receive", "-C", server.Root], server.Root).ExitCode);
        client.GitOk("remote", "add", "origin", server.Root);
        client.Write("README.md", "hello\n").StageAll();
        string clean = client.Commit("clean");
        var accepted = client.Git("push", "origin", "main");
        client.Write("settings.py", $"LINQ_API_KEY = \"{_secrets.LinqToken()}\"\n").StageAll();
        client.Commit("leak");

        var refused = client.Git("push", "origin", "main");

        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Contains("no Linq secrets in the push (1 new commit", accepted.StdErr);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("settings.py:1:17  linq-api-token", refused.StdErr);
        Assert.Equal(clean, server.Git("rev-parse", "main").StdOut.Trim());
    }

    [SkippableFact]
    public void Aot_HelpAndCompletionScripts_AreTheSameAsTheJitBuilds()
    {
        string aot = Binary();
        string[][] commands = [["--help"], ["staged", "--help"], ["help", "completion"], ["completion", "bash"], ["completion", "zsh"], ["completion", "fish"]];

        foreach (var command in commands)
        {
            var jit = Scanner.Run(Path.GetTempPath(), command);
            var native = ProcessRunner.Run(aot, command, Path.GetTempPath());

            Assert.True(native.ExitCode == 0, native.ToString());
            Assert.Equal(jit.StdOut, native.StdOut);
        }
    }

    [SkippableFact]
    public void Aot_HistoryWithExposureAndTheReflog_AndPurgeKit_AreTheSameAsTheJitBuilds()
    {
        string aot = Binary();
        using var origin = new TempGitRepo(bare: true);
        using var repo = new TempGitRepo();
        using var outside = new TempGitRepo(init: false);
        repo.GitOk("remote", "add", "origin", origin.Root);
        repo.Write("a.py", $"T = '{_secrets.LinqToken()}'\n").Write(".env", "A=1\n");
        repo.GitOk("add", "-f", ".");
        repo.Commit("pushed");
        repo.GitOk("push", "-q", "origin", "main");
        repo.Write("b.py", $"T = '{_secrets.LinqToken()}'\n").StageAll();
        repo.Commit("local");
        repo.Write("b.py", $"T = '{_secrets.LinqToken()}'\n");
        repo.GitOk("stash", "push", "-q");
        repo.Write("b.py", "x\n");
        repo.GitOk("stash", "push", "-q");
        string[] history = ["history", "--include-reflog", "--format", "json", "--show-secrets"];

        var jit = Scanner.Run(repo.Root, history);
        var native = ProcessRunner.Run(aot, history, repo.Root);
        var jitKit = Scanner.Run(repo.Root, "purge-kit", "-o", Path.Combine(outside.Root, "jit"));
        var nativeKit = ProcessRunner.Run(aot, ["purge-kit", "-o", Path.Combine(outside.Root, "aot")], repo.Root);

        Assert.Equal(1, native.ExitCode);
        Assert.Equal(jit.StdOut, native.StdOut);
        Assert.Equal(4, Scanner.ParseFindings(native).Count);
        Assert.True(nativeKit.ExitCode == 1, nativeKit.ToString());
        Assert.Equal(jitKit.ExitCode, nativeKit.ExitCode);
        foreach (string file in (string[])["replacements.txt", "paths.txt"])
        {
            Assert.Equal(File.ReadAllText(Path.Combine(outside.Root, "jit", file)), File.ReadAllText(Path.Combine(outside.Root, "aot", file)));
        }

        string Plan(string kit) => string.Join('\n', File.ReadAllLines(Path.Combine(outside.Root, kit, "PLAN.md")).Where(l => !l.StartsWith("Written by", StringComparison.Ordinal))).Replace(Path.Combine(outside.Root, kit), "KIT", StringComparison.Ordinal);
        Assert.Equal(Plan("jit"), Plan("aot"));
    }
}
