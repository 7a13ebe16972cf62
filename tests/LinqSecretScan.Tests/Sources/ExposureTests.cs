using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>`exposure` in history and commits reports, against real bare remotes: a finding is `pushed` when a
/// remote-tracking ref reaches the commit that introduced it (with the remotes' names), `unpushed` when only local
/// refs do; the text report groups by it and advises rotation or an amend accordingly.</summary>
public sealed class ExposureTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _origin = new(bare: true);
    private readonly TempGitRepo _repo = new();

    public ExposureTests() => _repo.GitOk("remote", "add", "origin", _origin.Root);

    public void Dispose()
    {
        _origin.Dispose();
        _repo.Dispose();
    }

    private static JsonElement For(List<JsonElement> findings, string secret) =>
        Assert.Single(findings, f => f.GetProperty("secret").GetString() == secret);

    private static string Exposure(JsonElement finding) => finding.GetProperty("exposure").GetString()!;

    private static string[] PushedTo(JsonElement finding) =>
        [.. finding.GetProperty("pushedTo").EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>One pushed commit with a token, then one local commit with another.</summary>
    private (string Pushed, string Local, string PushedCommit, string LocalCommit) PushedAndLocal()
    {
        string pushed = _secrets.LinqToken(), local = _secrets.LinqToken();
        _repo.Write("a.py", $"T = '{pushed}'\n").StageAll();
        string pushedCommit = _repo.Commit("pushed");
        _repo.GitOk("push", "-q", "origin", "main");
        _repo.Write("b.py", $"T = '{local}'\n").StageAll();
        string localCommit = _repo.Commit("local");
        return (pushed, local, pushedCommit, localCommit);
    }

    [Fact]
    public void History_PushedCommit_IsPushedToOrigin_LocalCommit_IsUnpushed()
    {
        var (pushed, local, _, _) = PushedAndLocal();

        var (result, findings) = Scanner.Json(_repo.Root, "history", "--show-secrets");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("pushed", Exposure(For(findings, pushed)));
        Assert.Equal(["origin"], PushedTo(For(findings, pushed)));
        Assert.Equal("unpushed", Exposure(For(findings, local)));
        Assert.Empty(PushedTo(For(findings, local)));
        Assert.False(For(findings, local).TryGetProperty("onlyInReflog", out _));
    }

    [Fact]
    public void Commits_CarryExposureToo()
    {
        var (pushed, local, pushedCommit, _) = PushedAndLocal();

        var (_, range) = Scanner.Json(_repo.Root, "commits", "origin/main..HEAD", "--show-secrets");
        var (_, single) = Scanner.Json(_repo.Root, "commits", pushedCommit, "--show-secrets");

        var only = Assert.Single(range);
        Assert.Equal(local, only.GetProperty("secret").GetString());
        Assert.Equal("unpushed", Exposure(only));
        Assert.Equal("pushed", Exposure(For(single, pushed)));
        Assert.Equal(["origin"], PushedTo(For(single, pushed)));
    }

    [Fact]
    public void Exposure_NamesEveryRemoteThatHasTheCommit_EvenARemoteNameWithASlash()
    {
        using var mirror = new TempGitRepo(bare: true);
        using var other = new TempGitRepo(bare: true);
        _repo.GitOk("remote", "add", "team/mirror", mirror.Root);
        _repo.GitOk("remote", "add", "other", other.Root);
        string token = _secrets.LinqToken();
        _repo.Write("a.py", $"T = '{token}'\n").StageAll();
        _repo.Commit();
        _repo.GitOk("push", "-q", "origin", "main");
        _repo.GitOk("push", "-q", "team/mirror", "main");
        _repo.Write("unrelated.txt", "x\n").StageAll();
        _repo.Commit();
        _repo.GitOk("push", "-q", "other", "main:elsewhere");

        var (_, findings) = Scanner.Json(_repo.Root, "history", "--show-secrets");

        Assert.Equal(["origin", "other", "team/mirror"], PushedTo(For(findings, token)));
    }

    [Fact]
    public void Exposure_OfASecretBothPushedAndIntroducedAgainLocally_IsPushed()
    {
        string token = _secrets.LinqToken();
        _repo.Write("base.txt", "x\n").StageAll();
        _repo.Commit("base");
        _repo.GitOk("checkout", "-q", "-b", "local-copy");
        _repo.Write("config.py", $"T = '{token}'\n").StageAll();
        _repo.Git(new Dictionary<string, string?> { ["GIT_COMMITTER_DATE"] = "2001-01-01T00:00:00", ["GIT_AUTHOR_DATE"] = "2001-01-01T00:00:00" }, "commit", "-q", "-m", "old local");
        _repo.GitOk("checkout", "-q", "main");
        _repo.Write("config.py", $"T = '{token}'\n").StageAll();
        string pushedCommit = _repo.Commit("pushed");
        _repo.GitOk("push", "-q", "origin", "main");

        var (_, findings) = Scanner.Json(_repo.Root, "history", "--show-secrets");

        var finding = For(findings, token);
        Assert.Equal(pushedCommit, finding.GetProperty("commit").GetString());
        Assert.Equal("pushed", Exposure(finding));
    }

    [Fact]
    public void TextReport_GroupsByExposure_AndAdvisesRotationForPushed_AndAnAmendForUnpushed()
    {
        PushedAndLocal();

        var text = Scanner.Run(_repo.Root, "history");

        Assert.Equal(1, text.ExitCode);
        int pushedGroup = text.StdOut.IndexOf("Pushed (on origin)", StringComparison.Ordinal);
        int localGroup = text.StdOut.IndexOf("Not pushed (only in local refs)", StringComparison.Ordinal);
        Assert.True(pushedGroup >= 0 && localGroup > pushedGroup, text.StdOut);
        Assert.Contains("a.py:1:6", text.StdOut[pushedGroup..localGroup]);
        Assert.Contains("b.py:1:6", text.StdOut[localGroup..]);
        Assert.Contains("Rotate each token in the Linq dashboard now: once pushed", text.StdOut);
        Assert.Contains("git commit --amend", text.StdOut);
        Assert.Contains("purge-kit", text.StdOut);
    }

    [Fact]
    public void TextReport_WithNothingPushed_AdvisesAnAmend_AndRotationOnlyIfTheTokenLeftAnotherWay()
    {
        string token = _secrets.LinqToken();
        _repo.Write("a.py", $"T = '{token}'\n").StageAll();
        _repo.Commit();

        var text = Scanner.Run(_repo.Root, "history");

        Assert.Contains("Not pushed", text.StdOut);
        Assert.DoesNotContain("Pushed (on", text.StdOut);
        Assert.DoesNotContain("once pushed", text.StdOut);
        Assert.DoesNotContain("purge-kit", text.StdOut);
        Assert.Contains("git commit --amend", text.StdOut);
        Assert.Contains("Rotate each token in the Linq dashboard now if it may have left this machine another way", text.StdOut);
    }

    [Fact]
    public void Sarif_CarriesExposureInTheResultPropertyBag()
    {
        var (pushed, _, _, _) = PushedAndLocal();

        var result = Scanner.Run(_repo.Root, "history", "--format", "sarif");

        using var doc = JsonDocument.Parse(result.StdOut);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        var properties = results.Select(r => r.GetProperty("properties")).ToList();
        Assert.Contains(properties, p => p.GetProperty("exposure").GetString() == "pushed" && p.GetProperty("pushedTo")[0].GetString() == "origin");
        Assert.Contains(properties, p => p.GetProperty("exposure").GetString() == "unpushed");
        Assert.DoesNotContain(pushed, result.StdOut);
    }

    [Fact]
    public void History_IncludeReflog_FindsEveryStashEntry_AndCommitsOnlyTheReflogHas()
    {
        string older = _secrets.LinqToken(), newer = _secrets.LinqToken(), untracked = _secrets.LinqToken(), resetAway = _secrets.LinqToken();
        _repo.Write("app.py", "x = 1\n").StageAll();
        _repo.Commit("base");
        _repo.Write("app.py", $"T = '{older}'\n").Write("notes.txt", $"LINQ_API_KEY={untracked}\n");
        _repo.GitOk("stash", "push", "-q", "--include-untracked");
        _repo.Write("app.py", $"T = '{newer}'\n");
        _repo.GitOk("stash", "push", "-q");
        _repo.Write("gone.py", $"T = '{resetAway}'\n").StageAll();
        _repo.Commit("oops");
        _repo.GitOk("reset", "-q", "--hard", "HEAD~1");

        var (_, plain) = Scanner.Json(_repo.Root, "history", "--show-secrets");
        var (result, withReflog) = Scanner.Json(_repo.Root, "history", "--show-secrets", "--include-reflog");

        Assert.Equal([newer], plain.Select(f => f.GetProperty("secret").GetString()));
        Assert.Equal(1, result.ExitCode);
        foreach (string secret in (string[])[older, untracked, resetAway])
        {
            Assert.True(For(withReflog, secret).GetProperty("onlyInReflog").GetBoolean(), secret);
            Assert.Equal("unpushed", Exposure(For(withReflog, secret)));
        }

        Assert.False(For(withReflog, newer).GetProperty("onlyInReflog").GetBoolean());
        var text = Scanner.Run(_repo.Root, "history", "--include-reflog");
        Assert.Contains("only in the reflog", text.StdOut);
        Assert.Contains("git stash drop", text.StdOut);
    }
}
