using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>A file above maxFileSize is not scanned, and that is never silent: every mode names it on stderr and
/// exits 2.</summary>
public sealed class MaxFileSizeTests
{
    [Theory]
    [InlineData("staged")]
    [InlineData("commits")]
    [InlineData("history")]
    [InlineData("dir")]
    public void AFileAboveMaxFileSize_IsNamed_AndTheScanExitsTwo_InEveryMode(string mode)
    {
        using var repo = new TempGitRepo();
        repo.Write(".linqsecretscan.json", "{ \"maxFileSize\": 1000 }\n")
            .Write("small.txt", "fine\n")
            .Write("data/huge.csv", string.Concat(Enumerable.Repeat("a,b,c,d\n", 500)))
            .StageAll();
        if (mode is "commits" or "history")
        {
            repo.Commit();
        }

        var result = mode switch
        {
            "commits" => Scanner.Run(repo.Root, "commits", "HEAD"),
            _ => Scanner.Run(repo.Root, mode),
        };

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data/huge.csv", result.StdErr);
        Assert.Contains("maxFileSize", result.StdErr);
        Assert.DoesNotContain("small.txt", result.StdErr);
    }
}
