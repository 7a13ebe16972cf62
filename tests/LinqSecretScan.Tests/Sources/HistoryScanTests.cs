using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>`history` on real repositories with branches, tags, merges and odd shapes.</summary>
public sealed class HistoryScanTests
{
    private readonly TestSecrets _secrets = new();

    private static (ProcessResult Result, List<JsonElement> Findings, JsonElement Scan) History(string dir, params string[] extra)
    {
        var result = Scanner.Run(dir, ["history", "--format", "json", "--show-secrets", .. extra]);
        var findings = Scanner.ParseFindings(result);
        using var doc = JsonDocument.Parse(result.StdOut);
        return (result, findings, doc.RootElement.GetProperty("scan").Clone());
    }

    private static JsonElement For(List<JsonElement> findings, string secret) =>
        Assert.Single(findings, f => f.GetProperty("secret").GetString() == secret);

    [Fact]
    public void History_SecretAddedThenRemoved_IsReportedOnce_AtTheCommitThatAddedIt_NotPresentAtHead()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("a.txt", "one\n").StageAll();
        repo.Commit("c1");
        repo.Write("a.txt", $"one\nkey = {token}\n").StageAll();
        string added = repo.Commit("c2");
        repo.Write("a.txt", $"zero\none\nkey = {token}\n").StageAll();
        repo.Commit("c3");
        repo.Write("a.txt", "zero\none\n").StageAll();
        repo.Commit("c4");

        var (result, findings, _) = History(repo.Root);

        Assert.Equal(1, result.ExitCode);
        var finding = For(findings, token);
        Assert.Equal(added, finding.GetProperty("commit").GetString());
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
        Assert.False(finding.GetProperty("presentAtHead").GetBoolean());
    }

    [Fact]
    public void History_SecretStillInTheFile_IsPresentAtHead_AndTheTextReportSaysSo()
    {
        using var repo = new TempGitRepo();
        repo.Write("cfg.yml", $"LINQ_TOKEN: {_secrets.Alnum(32)}\n").StageAll();
        repo.Commit();

        var (_, findings, _) = History(repo.Root);
        var text = Scanner.Run(repo.Root, "history");

        Assert.True(Assert.Single(findings).GetProperty("presentAtHead").GetBoolean());
        Assert.Contains("still present at HEAD", text.StdOut);
    }

    [Fact]
    public void History_SecretOnASideBranchOnly_IsFound_WithTheSideCommit()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit();
        repo.GitOk("checkout", "-q", "-b", "feature");
        repo.Write("feature.py", $"T = '{token}'\n").StageAll();
        string side = repo.Commit("side");
        repo.GitOk("checkout", "-q", "main");

        var (_, findings, _) = History(repo.Root);

        var finding = For(findings, token);
        Assert.Equal(side, finding.GetProperty("commit").GetString());
        Assert.False(finding.GetProperty("presentAtHead").GetBoolean());
    }

    [Fact]
    public void History_FindsCommitsOnlyReachableFromATag_OrARemoteTrackingRef()
    {
        using var repo = new TempGitRepo();
        string tagged = _secrets.LinqToken(), remote = _secrets.LinqToken();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit();
        repo.GitOk("checkout", "-q", "-b", "tmp");
        repo.Write("t.txt", tagged + "\n").StageAll();
        string tagCommit = repo.Commit("tagged");
        repo.GitOk("tag", "-a", "v1", "-m", "release");
        repo.Write("r.txt", remote + "\n").StageAll();
        string remoteCommit = repo.Commit("remote only");
        repo.GitOk("update-ref", "refs/remotes/origin/feature", remoteCommit);
        repo.GitOk("checkout", "-q", "main");
        repo.GitOk("branch", "-D", "tmp");

        var (_, findings, _) = History(repo.Root);

        Assert.Equal(tagCommit, For(findings, tagged).GetProperty("commit").GetString());
        Assert.Equal(remoteCommit, For(findings, remote).GetProperty("commit").GetString());
    }

    [Fact]
    public void History_Merge_DoesNotReportAgainWhatABranchIntroduced_ButReportsWhatTheMergeResolutionAdded()
    {
        using var repo = new TempGitRepo();
        string onBranch = _secrets.LinqToken(), inResolution = _secrets.LinqToken();
        repo.Write("conflict.txt", "base\n").StageAll();
        repo.Commit();
        repo.GitOk("checkout", "-q", "-b", "feature");
        repo.Write("feature.txt", onBranch + "\n").Write("conflict.txt", "feature\n").StageAll();
        string featureCommit = repo.Commit("feature");
        repo.GitOk("checkout", "-q", "main");
        repo.Write("conflict.txt", "main\n").StageAll();
        repo.Commit("main");
        Assert.NotEqual(0, repo.Git("merge", "-q", "feature").ExitCode);
        repo.Write("conflict.txt", $"resolved {inResolution}\n").StageAll();
        string merge = repo.Commit("merge");

        var (_, findings, _) = History(repo.Root);

        Assert.Equal(featureCommit, For(findings, onBranch).GetProperty("commit").GetString());
        Assert.Equal(merge, For(findings, inResolution).GetProperty("commit").GetString());
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void History_SameBlobInManyCommits_IsScannedOnce()
    {
        using var repo = new TempGitRepo();
        repo.Write("secret.txt", $"{_secrets.LinqToken()}\n").StageAll();
        repo.Commit();
        for (int i = 0; i < 40; i++)
        {
            repo.Write("counter.txt", $"{i}\n").StageAll();
            repo.Commit($"c{i}");
        }

        repo.GitOk("checkout", "-q", "-b", "copy");
        File.Copy(repo.PathOf("secret.txt"), repo.PathOf("secret-copy.txt"));
        repo.StageAll();
        repo.Commit("copy");

        var (_, findings, scan) = History(repo.Root);

        Assert.Equal(2, findings.Count);
        Assert.Equal(["secret-copy.txt", "secret.txt"], findings.Select(f => f.GetProperty("path").GetString()).Order());
        Assert.Equal(41, scan.GetProperty("filesScanned").GetInt32());
    }

    [Fact]
    public void History_EnvFileEverCommitted_IsReportedWithTheCommitThatAddedIt()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit();
        repo.Write("deploy/.env.production", "DEBUG=0\n");
        repo.GitOk("add", "-f", "deploy/.env.production");
        string added = repo.Commit("oops");
        repo.GitOk("rm", "-q", "deploy/.env.production");
        repo.Commit("remove");

        var (_, findings, _) = History(repo.Root);

        var env = Assert.Single(findings);
        Assert.Equal("linq-env-file", env.GetProperty("ruleId").GetString());
        Assert.Equal(added, env.GetProperty("commit").GetString());
        Assert.False(env.GetProperty("presentAtHead").GetBoolean());
    }

    [Fact]
    public void History_WorksInABareRepository_AndInAShallowClone()
    {
        using var origin = new TempGitRepo();
        string early = _secrets.LinqToken(), late = _secrets.LinqToken();
        origin.Write("a.txt", early + "\n").StageAll();
        origin.Commit();
        for (int i = 0; i < 3; i++)
        {
            origin.Write("n.txt", $"{i}\n").StageAll();
            origin.Commit();
        }

        origin.Write("b.txt", late + "\n").StageAll();
        origin.Commit();
        using var bare = new TempGitRepo(init: false);
        bare.GitOk("clone", "-q", "--bare", origin.Root, bare.PathOf("repo.git"));
        using var shallow = new TempGitRepo(init: false);
        shallow.GitOk("clone", "-q", "--depth", "1", "file://" + origin.Root, shallow.PathOf("repo"));

        var (bareResult, bareFindings, _) = History(bare.PathOf("repo.git"));
        var (shallowResult, shallowFindings, _) = History(shallow.PathOf("repo"));

        Assert.Equal(1, bareResult.ExitCode);
        Assert.Equal(new[] { early, late }.Order(), bareFindings.Select(f => f.GetProperty("secret").GetString()).Order());
        Assert.Equal(1, shallowResult.ExitCode);
        Assert.Equal(2, shallowFindings.Count);
    }

    [Fact]
    public void History_EmptyRepository_IsClean()
    {
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, "history");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void History_MissingBlob_ExitsTwo_NamesIt_AndStillReportsTheRest()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("good.txt", token + "\n").Write("lost.txt", "this blob goes missing\n").StageAll();
        repo.Commit();
        string lostBlob = repo.Git("rev-parse", "HEAD:lost.txt").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{lostBlob[..2]}/{lostBlob[2..]}"));

        var result = Scanner.Run(repo.Root, "history", "--format", "json", "--show-secrets");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(lostBlob, result.StdErr);
        Assert.Contains("lost.txt", result.StdErr);
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.False(doc.RootElement.GetProperty("scan").GetProperty("complete").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("secret").GetString() == token);
    }

    [Fact]
    public void History_NotARepository_ExitsTwo()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lss-plain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var result = Scanner.Run(dir, "history");

            Assert.Equal(2, result.ExitCode);
            Assert.Single(result.StdErr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
