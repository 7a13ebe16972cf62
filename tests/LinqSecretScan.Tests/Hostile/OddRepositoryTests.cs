using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>Repositories in the shapes git makes that LibGit2Sharp 0.32 may not expect. Each either works, or exits
/// 2 with one line naming the reason: a hook must neither block every commit without saying why nor pass changes
/// it could not read.</summary>
public sealed class OddRepositoryTests
{
    private readonly TestSecrets _secrets = new();

    [Theory]
    [InlineData("staged")]
    [InlineData("commits")]
    [InlineData("history")]
    public void NotARepository_ExitsTwo_WithOneLineAndNoStackTrace(string mode)
    {
        using var folder = new TempGitRepo(init: false);

        var result = mode == "commits" ? Scanner.Run(folder.Root, "commits", "HEAD") : Scanner.Run(folder.Root, mode);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a git repository", Assert.Single(result.StdErr.Trim().Split('\n')));
        Assert.DoesNotContain(" at ", result.StdErr);
    }

    /// <summary>LibGit2Sharp 0.32 refuses a split index ("unsupported mandatory extension: 'link'") and a sparse
    /// index ('sdir'); git reads them, so the changes are listed by `git diff --cached`. Index v4 LibGit2Sharp reads
    /// itself. In every case only what is new is reported.</summary>
    [Theory]
    [InlineData("split-index")]
    [InlineData("sparse-index")]
    [InlineData("index-v4")]
    public void Staged_IndexFormatsGitWrites_AreRead_AndOnlyWhatIsNewIsReported(string format)
    {
        using var repo = RepositoryWithHistory(out string old);
        MakeIndex(repo, format);
        string added = _secrets.LinqToken();
        repo.Write("d1/f.txt", $"old = {old}\nnew = {added}\n").Write("d1/g.txt", "clean\n").Stage("d1/f.txt", "d1/g.txt");
        repo.GitOk("mv", "d1/keep.txt", "d1/moved.txt");

        var (result, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(findings);
        Assert.Equal(("d1/f.txt", added, 2), (finding.GetProperty("path").GetString(), finding.GetProperty("secret").GetString(), finding.GetProperty("line").GetInt32()));
        Assert.Contains("\"filesScanned\": 3", result.StdOut);
    }

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

    [Theory]
    [InlineData("commits")]
    [InlineData("history")]
    public void Sha256Repository_CommitsAndHistory_ExitTwo_NamingTheObjectFormat(string mode)
    {
        using var repo = Sha256Repository(out _);

        var result = mode == "commits" ? Scanner.Run(repo.Root, "commits", "HEAD") : Scanner.Run(repo.Root, mode);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sha256", Assert.Single(result.StdErr.Trim().Split('\n')));
    }

    /// <summary>LibGit2Sharp 0.32 cannot open a SHA-256 repository at all; `staged` reads it through git (`diff
    /// --cached` and `cat-file`), so only what is new is reported, and an unreadable blob is still exit 2.</summary>
    [Fact]
    public void Staged_InASha256Repository_IsReadThroughGit_OnlyWhatIsNewIsReported_AndAMissingBlobExitsTwo()
    {
        using var repo = Sha256Repository(out string old);
        string added = _secrets.LinqToken();
        repo.Write("a.txt", $"t = {old}\nu = {added}\n").Stage("a.txt");

        var (result, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");
        string blob = repo.Git("rev-parse", ":a.txt").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{blob[..2]}/{blob[2..]}"));
        var missing = Scanner.Run(repo.Root, "staged");

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(findings);
        Assert.Equal((added, 2), (finding.GetProperty("secret").GetString(), finding.GetProperty("line").GetInt32()));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(blob, missing.StdErr);
        Assert.Contains("a.txt", missing.StdErr);
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

    [Theory]
    [InlineData("split-index")]
    [InlineData("sparse-index")]
    public void Dir_WithAnIndexLibGit2SharpCannotRead_StillTellsTrackedEnvFilesFromIgnoredOnes(string format)
    {
        using var repo = RepositoryWithHistory(out _);
        repo.Write(".gitignore", "*.env\n").Write("d1/prod.env", "A=1\n").Write("d1/local.env", "B=2\n");
        repo.GitOk("add", "-f", "d1/prod.env", ".gitignore");
        repo.Commit("env");
        MakeIndex(repo, format);

        var (result, findings) = Scanner.Json(repo.Root, "dir");

        Assert.Equal(1, result.ExitCode);
        var envFiles = findings.Where(f => f.GetProperty("ruleId").GetString() == "linq-env-file");
        Assert.Equal("d1/prod.env", Assert.Single(envFiles).GetProperty("path").GetString());
        Assert.DoesNotContain("warning", result.StdErr);
    }

    [Fact]
    public void Dir_InASha256Repository_StillScansTheFiles_AndWarnsThatGitCouldNotBeRead()
    {
        using var repo = new TempGitRepo(init: false);
        repo.GitOk("init", "-q", "-b", "main", "--object-format=sha256");
        repo.Write("a.txt", $"t = {_secrets.LinqToken()}\n");

        var (result, findings) = Scanner.Json(repo.Root, "dir");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("a.txt", Assert.Single(findings).GetProperty("path").GetString());
        Assert.Contains("sha256", result.StdErr);
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

    [Fact]
    public void BareRepository_StagedSaysThereIsNoIndex_AndCommitsWorks()
    {
        using var origin = RepositoryWithHistory(out string old);
        using var bare = new TempGitRepo(init: false);
        bare.GitOk("clone", "-q", "--bare", origin.Root, bare.PathOf("repo.git"));

        var staged = Scanner.Run(bare.PathOf("repo.git"), "staged");
        var (commits, findings) = Scanner.Json(bare.PathOf("repo.git"), "commits", "HEAD~1..HEAD", "--show-secrets");

        Assert.Equal(2, staged.ExitCode);
        Assert.Contains("bare repository", Assert.Single(staged.StdErr.Trim().Split('\n')));
        Assert.Equal(1, commits.ExitCode);
        Assert.Equal(old, Assert.Single(findings).GetProperty("secret").GetString());
    }

    [Fact]
    public void ShallowClone_TheBoundaryCommitCountsAsARoot_ForCommitsAndStaged()
    {
        using var origin = RepositoryWithHistory(out string old);
        using var clone = new TempGitRepo(init: false);
        clone.GitOk("clone", "-q", "--depth", "1", "file://" + origin.Root, clone.PathOf("repo"));
        string root = clone.PathOf("repo");
        string added = _secrets.LinqToken();
        File.WriteAllText(Path.Combine(root, "new.txt"), $"t = {added}\n");
        ProcessRunner.Run("git", ["add", "new.txt"], root);

        var (commits, commitFindings) = Scanner.Json(root, "commits", "HEAD", "--show-secrets");
        var (staged, stagedFindings) = Scanner.Json(root, "staged", "--show-secrets");

        Assert.Equal((1, 1), (commits.ExitCode, staged.ExitCode));
        Assert.Equal(old, Assert.Single(commitFindings).GetProperty("secret").GetString());
        Assert.Equal(added, Assert.Single(stagedFindings).GetProperty("secret").GetString());
    }

    [Fact]
    public void Submodule_InHistoryAndCommits_IsSkippedWithoutError_AndItsContentIsNotScannedTwice()
    {
        using var sub = new TempGitRepo();
        sub.Write("inner.txt", "inner\n").StageAll();
        sub.Commit();
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit();
        repo.GitOk("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Root, "vendor/sub");
        repo.Commit();

        var history = Scanner.Run(repo.Root, "history");
        var commits = Scanner.Run(repo.Root, "commits", "HEAD");

        Assert.Equal((0, 0), (history.ExitCode, commits.ExitCode));
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

    /// <summary>d1/f.txt holds a committed token; d1/keep.txt and d2/, d3/ other files (for sparse checkouts).</summary>
    private TempGitRepo RepositoryWithHistory(out string committedToken)
    {
        var repo = new TempGitRepo();
        committedToken = _secrets.LinqToken();
        repo.Write("d1/keep.txt", "keep\n").Write("d2/x.txt", "x\n").Write("d3/y.txt", "y\n").StageAll();
        repo.Commit("first");
        repo.Write("d1/f.txt", $"old = {committedToken}\n").StageAll();
        repo.Commit("second");
        return repo;
    }

    private TempGitRepo Sha256Repository(out string committedToken)
    {
        var repo = new TempGitRepo(init: false);
        repo.GitOk("init", "-q", "-b", "main", "--object-format=sha256");
        committedToken = _secrets.LinqToken();
        repo.Write("a.txt", $"t = {committedToken}\n").StageAll();
        repo.Commit();
        return repo;
    }

    private static void MakeIndex(TempGitRepo repo, string format)
    {
        switch (format)
        {
            case "split-index":
                repo.GitOk("update-index", "--split-index");
                break;
            case "sparse-index":
                repo.GitOk("sparse-checkout", "init", "--cone", "--sparse-index");
                repo.GitOk("sparse-checkout", "set", "d1");
                break;
            default:
                repo.GitOk("update-index", "--index-version", "4");
                break;
        }
    }
}
