using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Filters;

public sealed class SuppressionTests
{
    private readonly TestSecrets _secrets = new();

    [Theory]
    [InlineData("# linq-secret-scan:allow")]
    [InlineData("// linq-secret-scan:allow")]
    [InlineData("-- linq-secret-scan:allow")]
    [InlineData("<!-- linq-secret-scan:allow -->")]
    [InlineData("; linq-secret-scan:allow")]
    [InlineData("REM linq-secret-scan:allow")]
    public void AllowComment_OnTheSameLine_SuppressesAndIsCounted(string comment)
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", $"key {_secrets.LinqToken()} {comment}\nother {_secrets.LinqToken()}\n").Stage("a.txt");

        var result = Scanner.Run(repo.Root, "staged", "--format", "json");

        var finding = Assert.Single(Scanner.ParseFindings(result));
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("scan").GetProperty("suppressed").GetProperty("allowComment").GetInt32());
    }

    [Fact]
    public void AllowNextLine_SuppressesOnlyTheLineBelow()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"# linq-secret-scan:allow-next-line\nA = '{_secrets.LinqToken()}'\nB = '{_secrets.LinqToken()}'\n").Stage("a.py");

        var (_, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(3, Assert.Single(findings).GetProperty("line").GetInt32());
    }

    [Fact]
    public void TextReport_SaysHowManyWereSuppressed()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", $"{_secrets.LinqToken()} # linq-secret-scan:allow\n").Stage("a.txt");

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 suppressed (1 by allow comment)", result.StdOut);
    }

    [Fact]
    public void IgnoreFile_SuppressesByFingerprint_WhereverTheLineMoves_ButNotANewSecretOnThatLine()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("a.txt", $"x = {token}\n").Stage("a.txt");
        string fingerprint = Assert.Single(Scanner.Json(repo.Root, "staged").Findings).GetProperty("fingerprint").GetString()!;
        repo.Write(".linqsecretscanignore", $"# reviewed: test fixture\n{fingerprint}  # trailing comment\n");

        repo.Write("a.txt", $"\n\n\nmoved = {token}\n").Stage("a.txt");
        var moved = Scanner.Json(repo.Root, "staged");
        repo.Write("a.txt", $"x = {_secrets.LinqToken()}\n").Stage("a.txt");
        var replaced = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, moved.Result.ExitCode);
        Assert.Empty(moved.Findings);
        Assert.Equal(1, replaced.Result.ExitCode);
        Assert.Single(replaced.Findings);
    }

    [Fact]
    public void IgnoreFile_GivenExplicitlyButMissing_ExitsTwo()
    {
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, "staged", "--ignore-file", "no-such-file");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ignore file not found", result.StdErr);
    }
}
