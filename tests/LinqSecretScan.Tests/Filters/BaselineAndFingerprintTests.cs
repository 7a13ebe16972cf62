using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Filters;

/// <summary>Fingerprints that stay right across modes, line moves and line endings; baselines built on them.</summary>
public sealed class BaselineAndFingerprintTests
{
    private readonly TestSecrets _secrets = new();

    private static string Fingerprint(List<JsonElement> findings) => Assert.Single(findings).GetProperty("fingerprint").GetString()!;

    [Fact]
    public void Fingerprint_IsTheSame_InStagedCommitsHistoryAndDir()
    {
        using var repo = new TempGitRepo();
        repo.Write("cfg/app.yml", $"x: 1\nLINQ_API_KEY: {_secrets.Alnum(36)}\n").StageAll();
        string staged = Fingerprint(Scanner.Json(repo.Root, "staged").Findings);
        repo.Commit();

        string commits = Fingerprint(Scanner.Json(repo.Root, "commits", "HEAD").Findings);
        string history = Fingerprint(Scanner.Json(repo.Root, "history").Findings);
        string dir = Fingerprint(Scanner.Json(repo.PathOf("cfg"), "dir").Findings);

        Assert.Equal(staged, commits);
        Assert.Equal(staged, history);
        Assert.Equal(staged, dir);
    }

    [Fact]
    public void Fingerprint_IsTheSame_ForCrlfAndLfVersionsOfAFile()
    {
        using var lf = new TempGitRepo(init: false);
        using var crlf = new TempGitRepo(init: false);
        string value = _secrets.Alnum(40);
        lf.Write("settings.env.txt", $"# a\nLINQ_TOKEN={value}\n");
        crlf.Write("settings.env.txt", $"# a\r\n\r\nLINQ_TOKEN={value}\r\n");

        Assert.Equal(Fingerprint(Scanner.Json(lf.Root, "dir").Findings), Fingerprint(Scanner.Json(crlf.Root, "dir").Findings));
    }

    [Fact]
    public void Baseline_FromHistory_SilencesTheSameSecretsUnderStaged_EvenAfterLinesMove_ButNotANewOne()
    {
        using var repo = new TempGitRepo();
        string known = _secrets.LinqToken();
        repo.Write("a.py", $"A = '{known}'\n").StageAll();
        repo.Commit();
        string baselinePath = Path.Combine(repo.Root, "..", Path.GetFileName(repo.Root) + "-baseline.json");
        var written = Scanner.Run(repo.Root, "baseline", "-o", baselinePath);
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.DoesNotContain(known, File.ReadAllText(baselinePath));

        repo.Write("a.py", $"# moved down, and the line itself changed\n\n\nRENAMED = '{known}'  # same secret\n").StageAll();
        var moved = Scanner.Run(repo.Root, "staged", "--baseline", baselinePath, "--format", "json");
        repo.Write("a.py", $"A = '{known}'\nB = '{_secrets.LinqToken()}'\n").StageAll();
        var added = Scanner.Run(repo.Root, "staged", "--baseline", baselinePath, "--format", "json");
        File.Delete(baselinePath);

        Assert.Equal(0, moved.ExitCode);
        using var doc = JsonDocument.Parse(moved.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("scan").GetProperty("suppressed").GetProperty("baseline").GetInt32());
        Assert.Equal(1, added.ExitCode);
        Assert.Single(Scanner.ParseFindings(added));
    }

    [Fact]
    public void Baseline_OutsideGit_IsADirAudit()
    {
        using var folder = new TempGitRepo(init: false);
        folder.Write("notes.txt", _secrets.LinqToken() + "\n");

        var result = Scanner.Run(folder.Root, "baseline");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"results\": []}")]
    [InlineData("{\"findings\": [{\"path\": \"a\"}]}")]
    public void Baseline_ThatIsNotAReport_ExitsTwo_NamingIt(string content)
    {
        using var repo = new TempGitRepo();
        repo.Write("bad-baseline.json", content);

        var result = Scanner.Run(repo.Root, "staged", "--baseline", "bad-baseline.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad-baseline.json", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public void ReportUnusedIgnores_ListsEntriesThatMatchedNothing()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", _secrets.LinqToken() + "\n").StageAll();
        string used = Fingerprint(Scanner.Json(repo.Root, "staged").Findings);
        string stale = new string('a', 32);
        repo.Write(".linqsecretscanignore", $"{used}\n{stale} # the secret was removed long ago\n");

        var result = Scanner.Run(repo.Root, "staged", "--report-unused-ignores", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"unused ignore entry (matched no finding): {stale}", result.StdErr);
        Assert.DoesNotContain(used, result.StdErr);
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal([stale], doc.RootElement.GetProperty("scan").GetProperty("unusedIgnores").EnumerateArray().Select(e => e.GetString()));
    }
}
