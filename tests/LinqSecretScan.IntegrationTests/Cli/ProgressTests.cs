using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>The progress line appears on stderr only when stderr is a terminal, and not with --quiet. A real
/// pseudo-terminal comes from util-linux's `script`.</summary>
public sealed class ProgressTests
{
    private static ProcessResult UnderPty(string workingDirectory, string arguments)
    {
        string command = $"'{Scanner.ExecutablePath}' {arguments} 2>&1 >/dev/null";
        return ProcessRunner.Run("script", ["-qec", command, "/dev/null"], workingDirectory);
    }

    [SkippableFact]
    public void History_OnATerminal_ShowsCommitsFilesAndBytes_AndNotWithQuiet()
    {
        Skip.If(!OperatingSystem.IsLinux(), "util-linux script(1) makes the pseudo-terminal; Linux only");
        RequiredTools.Command("script", "bsdutils");
        using var repo = new TempGitRepo();
        for (int i = 0; i < 3; i++)
        {
            repo.Write($"f{i}.txt", $"{i}\n").StageAll();
            repo.Commit();
        }

        var shown = UnderPty(repo.Root, "history");
        var quiet = UnderPty(repo.Root, "history --quiet");

        Assert.Contains("3 commits, 3 files", shown.StdOut);
        Assert.Contains("MB/s", shown.StdOut);
        Assert.DoesNotContain("MB/s", quiet.StdOut);
    }

    [Fact]
    public void History_NotATerminal_PrintsNoProgress()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit();

        var result = Scanner.Run(repo.Root, "history");

        Assert.DoesNotContain("MB/s", result.StdErr);
        Assert.DoesNotContain("\u001b[K", result.StdErr);
    }
}
