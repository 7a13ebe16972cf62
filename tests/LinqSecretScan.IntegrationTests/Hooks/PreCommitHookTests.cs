using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hooks;

/// <summary>End to end: `install` writes the hook, and a real `git commit` runs it.</summary>
public sealed class PreCommitHookTests
{
    private readonly TestSecrets _secrets = new();

    private static TempGitRepo NewRepoWithHook(string? hooksPath = null)
    {
        var repo = new TempGitRepo();
        if (hooksPath is not null)
        {
            repo.GitOk("config", "core.hooksPath", hooksPath);
        }

        var install = Scanner.Run(repo.Root, "install");
        Assert.True(install.ExitCode == 0, install.ToString());
        return repo;
    }

    private static ProcessResult Commit(TempGitRepo repo, params string[] extra) =>
        repo.Git(["commit", "-m", "test", .. extra]);

    [Fact]
    public void Hook_FirstCommitWithAToken_IsBlocked_AndNothingIsCommitted()
    {
        using var repo = NewRepoWithHook();
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");

        var result = Commit(repo);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("app.py:1:10", result.StdOut + result.StdErr);
        Assert.Contains("--no-verify", result.StdOut + result.StdErr);
        Assert.NotEqual(0, repo.Git("rev-parse", "--verify", "HEAD").ExitCode);
    }

    [Fact]
    public void Hook_CleanCommit_Passes()
    {
        using var repo = NewRepoWithHook();
        repo.Write("app.py", "TOKEN = os.environ['LINQ_API_KEY']\n").Stage("app.py");

        var result = Commit(repo);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, repo.Git("rev-parse", "--verify", "HEAD").ExitCode);
    }

    [Fact]
    public void Hook_CommitDashA_ScansTheTemporaryIndex_AndBlocks()
    {
        using var repo = NewRepoWithHook();
        repo.Write("config.yml", "debug: true\n").Stage("config.yml");
        Assert.Equal(0, Commit(repo).ExitCode);
        repo.Write("config.yml", $"debug: true\nLINQ_TOKEN: {_secrets.Alnum(36)}\n");

        var result = Commit(repo, "-a");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("config.yml:2", result.StdOut + result.StdErr);
        Assert.Equal("1", repo.Git("rev-list", "--count", "HEAD").StdOut.Trim());
    }

    [Fact]
    public void Hook_CommitWithPath_ScansTheTemporaryIndex_AndBlocks()
    {
        using var repo = NewRepoWithHook();
        repo.Write("a.txt", "a\n").Write("b.txt", "b\n").StageAll();
        Assert.Equal(0, Commit(repo).ExitCode);
        repo.Write("b.txt", $"b\n{_secrets.LinqToken()}\n");

        var result = Commit(repo, "b.txt");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("b.txt:2", result.StdOut + result.StdErr);
    }

    [Fact]
    public void Hook_CommitWithPath_OnlyThatPathIsScanned()
    {
        using var repo = NewRepoWithHook();
        repo.Write("a.txt", "a\n").Write("b.txt", "b\n").StageAll();
        Assert.Equal(0, Commit(repo).ExitCode);
        repo.Write("a.txt", "a\nchanged\n").Write("b.txt", $"b\n{_secrets.LinqToken()}\n");

        var result = Commit(repo, "a.txt");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Hook_StagedEnvFile_IsBlocked()
    {
        using var repo = NewRepoWithHook();
        repo.Write(".env", "DEBUG=1\n").Stage(".env");

        var result = Commit(repo);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("linq-env-file", result.StdOut + result.StdErr);
    }

    [Fact]
    public void Hook_WithCoreHooksPath_IsInstalledThere_AndRuns()
    {
        using var repo = NewRepoWithHook(hooksPath: ".githooks");
        Assert.True(File.Exists(repo.PathOf(".githooks/pre-commit")));
        Assert.False(File.Exists(repo.PathOf(".git/hooks/pre-commit")));
        repo.Write("x.txt", _secrets.LinqToken() + "\n").Stage("x.txt");

        var result = Commit(repo);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("x.txt:1:1", result.StdOut + result.StdErr);
    }

    [Fact]
    public void Install_KeepsAnExistingHook_RunsItAfterACleanScan_AndUninstallRestoresIt()
    {
        using var repo = new TempGitRepo();
        string hook = repo.PathOf(".git/hooks/pre-commit");
        string marker = repo.PathOf("previous-hook-ran");
        File.WriteAllText(hook, $"#!/bin/sh\necho ran > '{marker}'\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        }

        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);
        repo.Write("ok.txt", "fine\n").Stage("ok.txt");
        Assert.Equal(0, Commit(repo).ExitCode);
        Assert.True(File.Exists(marker), "the previous hook did not run");

        File.Delete(marker);
        repo.Write("bad.txt", _secrets.LinqToken() + "\n").Stage("bad.txt");
        Assert.NotEqual(0, Commit(repo).ExitCode);
        Assert.False(File.Exists(marker), "the previous hook ran although the scan blocked the commit");

        var uninstall = Scanner.Run(repo.Root, "uninstall");
        Assert.Equal(0, uninstall.ExitCode);
        Assert.Contains("echo ran", File.ReadAllText(hook));
        Assert.False(File.Exists(hook + ".linq-secret-scan-chained"));
    }

    [Fact]
    public void Install_Twice_UpdatesInPlace_AndDoesNotChainItself()
    {
        using var repo = NewRepoWithHook();

        var again = Scanner.Run(repo.Root, "install");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("updated", again.StdOut);
        Assert.False(File.Exists(repo.PathOf(".git/hooks/pre-commit.linq-secret-scan-chained")));
    }

    [Fact]
    public void Uninstall_WhenNotInstalled_LeavesAForeignHookAlone()
    {
        using var repo = new TempGitRepo();
        string hook = repo.PathOf(".git/hooks/pre-commit");
        File.WriteAllText(hook, "#!/bin/sh\nexit 0\n");

        var result = Scanner.Run(repo.Root, "uninstall");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("not linq-secret-scan's", result.StdOut);
        Assert.True(File.Exists(hook));
    }

    [Fact]
    public void Hook_WhenTheScannerIsGone_BlocksTheCommit_AndSaysHowToBypass()
    {
        using var repo = NewRepoWithHook();
        repo.Write("a.txt", "a\n").Stage("a.txt");
        var env = new Dictionary<string, string?> { ["LINQ_SECRET_SCAN"] = "/nonexistent/linq-secret-scan" };

        var result = repo.Git(env, "commit", "-m", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--no-verify", result.StdErr);
        Assert.Contains("LINQ_SECRET_SCAN=/nonexistent/linq-secret-scan does not exist or is not executable", result.StdErr);
        Assert.DoesNotContain("installed at", result.StdErr);
    }

    [Fact]
    public void Hook_WhenTheInstalledScannerIsGoneAndNoneIsOnPath_NamesTheInstalledPath()
    {
        using var repo = NewRepoWithHook();
        string hook = repo.PathOf(".git/hooks/pre-commit");
        File.WriteAllText(hook, File.ReadAllText(hook).Replace(Scanner.ExecutablePath, "/moved/away/linq-secret-scan", StringComparison.Ordinal));
        repo.Write("a.txt", "a\n").Stage("a.txt");

        var result = repo.Git(new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" }, "commit", "-m", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("scanner not found (installed at /moved/away/linq-secret-scan; not on PATH either)", result.StdErr);
    }

    [Fact]
    public void Hook_WhenTheScanFails_BlocksTheCommit()
    {
        using var repo = NewRepoWithHook();
        repo.Write("a.txt", "a\n").Stage("a.txt");
        var env = new Dictionary<string, string?> { ["LINQ_SECRET_SCAN_HOOK_ARGS"] = "--ignore-file /nonexistent/ignore" };

        var result = repo.Git(env, "commit", "-m", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("did not complete", result.StdErr);
    }
}
