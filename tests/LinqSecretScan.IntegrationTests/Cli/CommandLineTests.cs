using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>Bad input gets one clear line and exit 2, never a stack trace or a silent "clean".</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void NotARepository_ExitsTwo_WithOneLine()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lss-norepo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var result = Scanner.Run(dir, "staged");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("not a git repository", result.StdErr);
            Assert.Single(result.StdErr.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", result.StdErr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("staged", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("staged", "--format", "xml")]
    [InlineData("staged", "-C", "/nonexistent/dir")]
    public void BadUsage_ExitsTwo_WithOneLine(params string[] args)
    {
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("linq-secret-scan: ", result.StdErr.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public void Help_And_Version_ExitZero()
    {
        using var repo = new TempGitRepo();

        var help = Scanner.Run(repo.Root, "--help");
        var version = Scanner.Run(repo.Root, "--version");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("staged", help.StdOut);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^linq-secret-scan \d+\.\d+\.\d+", version.StdOut);
    }

    [Fact]
    public void Output_WritesTheReportToAFile()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", new TestSecrets().LinqToken()).Stage("a.txt");
        string output = Path.Combine(repo.Root, "report.json");

        var result = Scanner.Run(repo.Root, "staged", "--format", "json", "-o", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StdOut);
        Assert.Contains("\"findings\"", File.ReadAllText(output));
    }

    [Fact]
    public void Output_ToAnUnwritablePlace_ExitsTwo()
    {
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, "staged", "-o", "/nonexistent/dir/report.txt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write the report", result.StdErr);
    }

    [Fact]
    public void BareRepository_StagedIsAClearError()
    {
        using var repo = new TempGitRepo(bare: true);

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bare", result.StdErr);
    }
}
