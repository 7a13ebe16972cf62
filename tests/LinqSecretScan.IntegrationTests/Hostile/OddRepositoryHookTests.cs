using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>The odd repositories of OddRepositoryTests where a real hook must run (installed, then driven by a real
/// `git commit`), or where the scanner must run as its own process (another user's repository, with a HOME of its
/// own).</summary>
public sealed class OddRepositoryHookTests
{
    private readonly TestSecrets _secrets = new();

    [Theory]
    [InlineData("split-index")]
    [InlineData("sparse-index")]
    public void Hook_WithAnIndexLibGit2SharpCannotRead_BlocksAToken_AndLetsACleanCommitThrough(string format)
    {
        using var repo = RepositoryWithHistory(out _);
        MakeIndex(repo, format);
        if (format == "split-index")
        {
            repo.GitOk("config", "core.splitIndex", "true");
        }

        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);
        repo.Write("d1/clean.txt", "nothing to see\n").Stage("d1/clean.txt");
        var clean = repo.Git("commit", "-q", "-m", "clean");
        repo.Write("d1/leak.txt", $"t = {_secrets.LinqToken()}\n").Stage("d1/leak.txt");
        var blocked = repo.Git("commit", "-q", "-m", "leak");
        var blockedDashA = repo.Git("commit", "-q", "-a", "-m", "leak");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("d1/leak.txt:1:5", blocked.StdOut + blocked.StdErr);
        Assert.NotEqual(0, blockedDashA.ExitCode);
        Assert.Equal("clean", repo.Git("log", "-1", "--format=%s").StdOut.Trim());
    }

    /// <summary>`install` refuses a SHA-256 repository (its pre-push hook could only block); the pre-commit hook, or a
    /// hook manager running `staged`, works there: a shared core.hooksPath shows it.</summary>
    [Fact]
    public void Sha256Repository_InstallRefuses_ButASharedPreCommitHookScans_BlockingATokenAndPassingACleanCommit()
    {
        using var shared = new TempGitRepo();
        Assert.Equal(0, Scanner.Run(shared.Root, "install").ExitCode);
        using var repo = Sha256Repository(out _);

        var install = Scanner.Run(repo.Root, "install");
        repo.GitOk("config", "core.hooksPath", shared.PathOf(".git/hooks"));
        repo.Write("clean.txt", "clean\n").Stage("clean.txt");
        var clean = repo.Git("commit", "-q", "-m", "clean");
        repo.Write("leak.txt", $"t = {_secrets.LinqToken()}\n").Stage("leak.txt");
        var leak = repo.Git("commit", "-q", "-m", "leak");

        Assert.Equal(2, install.ExitCode);
        Assert.Contains("sha256", Assert.Single(install.StdErr.Trim().Split('\n')));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, leak.ExitCode);
        Assert.Contains("leak.txt:1:5", leak.StdOut + leak.StdErr);
        Assert.Equal("clean", repo.Git("log", "-1", "--format=%s").StdOut.Trim());
    }

    [Fact]
    public void LinkedWorktree_StagedScansItsOwnIndex_AndTheHookInstalledFromItGuardsBothWorktrees()
    {
        using var repo = RepositoryWithHistory(out _);
        using var linkedParent = new TempGitRepo(init: false);
        string linked = linkedParent.PathOf("linked");
        repo.GitOk("worktree", "add", "-q", "-b", "side", linked);
        string token = _secrets.LinqToken();
        File.WriteAllText(Path.Combine(linked, "leak.txt"), $"t = {token}\n");
        ProcessRunner.Run("git", ["add", "leak.txt"], linked);

        var (inLinked, linkedFindings) = Scanner.Json(linked, "staged", "--show-secrets");
        var (inMain, mainFindings) = Scanner.Json(repo.Root, "staged");
        var install = Scanner.Run(linked, "install");
        var linkedCommit = ProcessRunner.Run("git", ["commit", "-q", "-m", "leak"], linked);
        repo.Write("main-leak.txt", $"t = {_secrets.LinqToken()}\n").Stage("main-leak.txt");
        var mainCommit = repo.Git("commit", "-q", "-m", "leak");

        Assert.Equal(token, Assert.Single(linkedFindings).GetProperty("secret").GetString());
        Assert.Empty(mainFindings);
        Assert.Equal((1, 0), (inLinked.ExitCode, inMain.ExitCode));
        Assert.Contains(Path.Combine(repo.Root, ".git", "hooks", "pre-commit"), install.StdOut);
        Assert.NotEqual(0, linkedCommit.ExitCode);
        Assert.NotEqual(0, mainCommit.ExitCode);
    }

    [SkippableFact]
    public void RepositoryOwnedByAnotherUser_IsRefusedWithTheSafeDirectoryAdvice_AndScannedOnceListed()
    {
        Skip.If(OperatingSystem.IsWindows() || Environment.UserName != "root", "needs root, to give a repository to another user with chown");
        using var repo = new TempGitRepo();
        repo.Write("a.txt", $"t = {_secrets.LinqToken()}\n").StageAll();
        Assert.Equal(0, ProcessRunner.Run("chown", ["-R", "4242:4242", repo.Root], repo.Root).ExitCode);
        using var home = new TempGitRepo(init: false);
        home.Write(".gitconfig", $"[safe]\n\tdirectory = {repo.Root}\n");
        try
        {
            var refused = Scanner.Run(repo.Root, "staged");
            var listed = Scanner.Run(repo.Root, new Dictionary<string, string?> { ["HOME"] = home.Root, ["GIT_CONFIG_GLOBAL"] = home.PathOf(".gitconfig") }, "staged");

            Assert.Equal(2, refused.ExitCode);
            string line = Assert.Single(refused.StdErr.Trim().Split('\n'));
            Assert.Contains("owned by another user", line);
            Assert.Contains($"git config --global --add safe.directory {repo.Root}", line);
            Assert.Equal(1, listed.ExitCode);
        }
        finally
        {
            ProcessRunner.Run("chown", ["-R", "0:0", repo.Root], repo.Root);
        }
    }

    private TempGitRepo RepositoryWithHistory(out string committedToken) => OddRepositories.WithHistory(_secrets, out committedToken);

    private TempGitRepo Sha256Repository(out string committedToken) => OddRepositories.Sha256(_secrets, out committedToken);

    private static void MakeIndex(TempGitRepo repo, string format) => OddRepositories.MakeIndex(repo, format);
}
