using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>`commits RANGE`: what each commit of a range added, with its full SHA.</summary>
public sealed class CommitsScanTests
{
    private readonly TestSecrets _secrets = new();

    private static List<JsonElement> Commits(string dir, params string[] args) =>
        Scanner.ParseFindings(Scanner.Run(dir, ["commits", .. args, "--format", "json", "--show-secrets"]));

    [Fact]
    public void Commits_Range_ReportsWhatEachCommitAdded_WithTheFullSha_AndNothingBeforeTheRange()
    {
        using var repo = new TempGitRepo();
        string before = _secrets.LinqToken(), first = _secrets.LinqToken(), second = _secrets.Alnum(40);
        repo.Write("old.txt", before + "\n").StageAll();
        string baseCommit = repo.Commit("base");
        repo.Write("a.txt", first + "\n").StageAll();
        string c1 = repo.Commit("c1");
        repo.Write("b.env.txt", $"LINQ_API_KEY={second}\n").StageAll();
        string c2 = repo.Commit("c2");

        var findings = Commits(repo.Root, $"{baseCommit}..HEAD");

        Assert.Equal(2, findings.Count);
        Assert.Equal(c1, Assert.Single(findings, f => f.GetProperty("secret").GetString() == first).GetProperty("commit").GetString());
        Assert.Equal(c2, Assert.Single(findings, f => f.GetProperty("secret").GetString() == second).GetProperty("commit").GetString());
    }

    [Fact]
    public void Commits_SingleSha_ScansOnlyThatCommit()
    {
        using var repo = new TempGitRepo();
        string first = _secrets.LinqToken(), second = _secrets.LinqToken();
        repo.Write("a.txt", first + "\n").StageAll();
        string c1 = repo.Commit();
        repo.Write("b.txt", second + "\n").StageAll();
        repo.Commit();

        var findings = Commits(repo.Root, c1[..10]);

        var finding = Assert.Single(findings);
        Assert.Equal(first, finding.GetProperty("secret").GetString());
        Assert.Equal(c1, finding.GetProperty("commit").GetString());
    }

    [Fact]
    public void Commits_ModifiedFile_OnlyNewLinesCount()
    {
        using var repo = new TempGitRepo();
        string old = _secrets.LinqToken();
        repo.Write("a.txt", $"x\n{old}\ny\n").StageAll();
        repo.Commit();
        repo.Write("a.txt", $"x\n{old}\ny\nz\n").StageAll();
        repo.Commit();

        Assert.Empty(Commits(repo.Root, "HEAD~1..HEAD"));
    }

    [Fact]
    public void Commits_CleanMerge_ReportsNothingItsParentsAlreadyHad_ButAConflictResolutionSecretIsTheMerges()
    {
        using var repo = new TempGitRepo();
        string onBranch = _secrets.LinqToken(), inResolution = _secrets.LinqToken();
        repo.Write("c.txt", "base\n").StageAll();
        string baseCommit = repo.Commit();
        repo.GitOk("checkout", "-q", "-b", "feature");
        repo.Write("f.txt", onBranch + "\n").Write("c.txt", "feature\n").StageAll();
        repo.Commit("feature");
        repo.GitOk("checkout", "-q", "main");
        repo.Write("c.txt", "main\n").StageAll();
        repo.Commit("main");
        Assert.NotEqual(0, repo.Git("merge", "-q", "feature").ExitCode);
        repo.Write("c.txt", $"main\nfeature\n{inResolution}\n").StageAll();
        string merge = repo.Commit("merge");

        var onlyMerge = Commits(repo.Root, merge);
        var whole = Commits(repo.Root, $"{baseCommit}..{merge}");

        var mergeFinding = Assert.Single(onlyMerge);
        Assert.Equal(inResolution, mergeFinding.GetProperty("secret").GetString());
        Assert.Equal(merge, mergeFinding.GetProperty("commit").GetString());
        Assert.Equal(2, whole.Count);
    }

    [Fact]
    public void Commits_ThreeDotRange_CoversBothSidesSinceTheMergeBase()
    {
        using var repo = new TempGitRepo();
        string left = _secrets.LinqToken(), right = _secrets.LinqToken();
        repo.Write("base.txt", "b\n").StageAll();
        repo.Commit();
        repo.GitOk("checkout", "-q", "-b", "other");
        repo.Write("r.txt", right + "\n").StageAll();
        repo.Commit();
        repo.GitOk("checkout", "-q", "main");
        repo.Write("l.txt", left + "\n").StageAll();
        repo.Commit();

        var findings = Commits(repo.Root, "main...other");

        Assert.Equal(new[] { left, right }.Order(), findings.Select(f => f.GetProperty("secret").GetString()).Order());
    }

    [Fact]
    public void Commits_FromStdin_ScansEachListedCommit()
    {
        using var repo = new TempGitRepo();
        string first = _secrets.LinqToken(), second = _secrets.LinqToken();
        repo.Write("a.txt", first + "\n").StageAll();
        string c1 = repo.Commit();
        repo.Write("b.txt", second + "\n").StageAll();
        string c2 = repo.Commit();

        var result = Scanner.RunWithInput(repo.Root, $"{c2}\n{c1}\n\n", "commits", "--stdin", "--format", "json");
        var empty = Scanner.RunWithInput(repo.Root, string.Empty, "commits", "--stdin");

        Assert.Equal(2, Scanner.ParseFindings(result).Count);
        Assert.Equal(0, empty.ExitCode);
    }

    [Theory]
    [InlineData("nosuchbranch..HEAD")]
    [InlineData("HEAD..nosuchbranch")]
    [InlineData("deadbeefdeadbeef")]
    [InlineData("HEAD^{tree}")]
    public void Commits_UnknownRevisionOrNotACommit_ExitsTwo_WithOneLine(string range)
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit();

        var result = Scanner.Run(repo.Root, "commits", range);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public void Commits_NewOnRemote_ScansOnlyWhatTheRemoteHasOnNoRef()
    {
        using var remote = new TempGitRepo(bare: true);
        using var repo = new TempGitRepo();
        repo.GitOk("remote", "add", "origin", remote.Root);
        string old = _secrets.LinqToken(), added = _secrets.LinqToken();
        repo.Write("old.txt", old + "\n").StageAll();
        repo.Commit();
        repo.GitOk("push", "-q", "--no-verify", "origin", "main");
        repo.GitOk("checkout", "-q", "-b", "feature");
        repo.Write("new.txt", added + "\n").StageAll();
        repo.Commit();

        var findings = Commits(repo.Root, "HEAD", "--new-on", "origin");
        var unknownRemote = Scanner.Run(repo.Root, "commits", "HEAD", "--new-on", "nosuchremote");
        var withRange = Scanner.Run(repo.Root, "commits", "main..HEAD", "--new-on", "origin");

        Assert.Equal(added, Assert.Single(findings).GetProperty("secret").GetString());
        Assert.Equal(2, unknownRemote.ExitCode);
        Assert.Contains("unknown remote 'nosuchremote'", unknownRemote.StdErr);
        Assert.Equal(2, withRange.ExitCode);
    }

    [Fact]
    public void Commits_PreCommitEnv_ScansFromRefToRef_OrTheNewCommitsWhenFromIsZero()
    {
        using var remote = new TempGitRepo(bare: true);
        using var repo = new TempGitRepo();
        repo.GitOk("remote", "add", "origin", remote.Root);
        string old = _secrets.LinqToken(), added = _secrets.LinqToken();
        repo.Write("old.txt", old + "\n").StageAll();
        string first = repo.Commit();
        repo.GitOk("push", "-q", "--no-verify", "origin", "main");
        repo.Write("new.txt", added + "\n").StageAll();
        string second = repo.Commit();

        List<JsonElement> Run(string? from) => Scanner.ParseFindings(Scanner.Run(repo.Root, new Dictionary<string, string?>
        {
            ["PRE_COMMIT_FROM_REF"] = from,
            ["PRE_COMMIT_TO_REF"] = second,
            ["PRE_COMMIT_REMOTE_NAME"] = "origin",
        }, "commits", "--pre-commit-env", "--format", "json", "--show-secrets"));

        Assert.Equal(added, Assert.Single(Run(first)).GetProperty("secret").GetString());
        Assert.Equal(added, Assert.Single(Run(new string('0', 40))).GetProperty("secret").GetString());
        var missing = Scanner.Run(repo.Root, "commits", "--pre-commit-env");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("PRE_COMMIT_TO_REF", missing.StdErr);
    }

    [Fact]
    public void Commits_WithoutRangeOrStdin_IsAUsageError()
    {
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, "commits");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("RANGE", result.StdErr);
        Assert.Contains("--pre-commit-env", result.StdErr);
    }
}
