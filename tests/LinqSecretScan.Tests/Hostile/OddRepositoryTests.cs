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

    private TempGitRepo RepositoryWithHistory(out string committedToken) => OddRepositories.WithHistory(_secrets, out committedToken);

    private TempGitRepo Sha256Repository(out string committedToken) => OddRepositories.Sha256(_secrets, out committedToken);

    private static void MakeIndex(TempGitRepo repo, string format) => OddRepositories.MakeIndex(repo, format);
}
