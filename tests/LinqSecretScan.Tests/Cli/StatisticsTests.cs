using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>LINQ_SECRET_SCAN_STATS through the command line: phases are timed only when it is set (ScanProgressTests
/// check the clock itself), so a scan with it set must report the time its reads and detection took, and a scan
/// without it prints nothing more than its report.</summary>
public sealed class StatisticsTests
{
    private static readonly string Folder = MakeFolder();

    [Fact]
    public void Json_ReportsTheTimeOfReadsAndDetection()
    {
        var result = Scanner.Run(Folder, ScanStats.Json, "dir", ".", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var stats = ScanStats.Of(result);
        Assert.True(stats["time.detectionMs"] > 0, $"detection {stats["time.detectionMs"]} ms over {Files} files");
        Assert.True(stats["time.readMs"] + stats["time.detectionMs"] <= stats["time.wallMs"] * Environment.ProcessorCount + 1000, result.StdErr);
    }

    [Fact]
    public void Plain_PrintsTheDetectionTime()
    {
        var result = Scanner.Run(Folder, new Dictionary<string, string?> { ["LINQ_SECRET_SCAN_STATS"] = "1" }, "dir", ".");

        Assert.True(result.ExitCode == 1, result.ToString());
        string line = result.StdErr.Split('\n').Single(l => l.Contains("stats: time:", StringComparison.Ordinal));
        Assert.Contains("detection ", line);
        Assert.DoesNotContain("detection 0.00 s", line);
    }

    [Fact]
    public void Unset_PrintsNoStatistics()
    {
        var result = Scanner.Run(Folder, "dir", ".", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(ScanStats.Printed(result), result.StdErr);
    }

    private const int Files = 120;

    /// <summary>120 files of C# that names Linq on every line (about 9 MB, so detection takes tens of milliseconds
    /// even on a fast machine), one of them with a token.</summary>
    private static string MakeFolder()
    {
        string folder = TempDirectories.Create("stats");
        var secrets = new TestSecrets();
        var text = new StringBuilder();
        for (int line = 0; line < 1500; line++)
        {
            text.Append("using System.Linq; var linqItems").Append(line).Append(" = items.Where(x => x.Key != null).ToList();\n");
        }

        for (int file = 0; file < Files; file++)
        {
            string extra = file == 7 ? $"LINQ_API_KEY = \"{secrets.LinqToken()}\"\n" : string.Empty;
            File.WriteAllText(Path.Combine(folder, $"Query{file}.cs"), text + extra);
        }

        return folder;
    }
}
