using System.Globalization;
using System.Text.Json;
using LinqSecretScan.Core;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Cli;

/// <summary>LINQ_SECRET_SCAN_STATS=1 prints, after the scan, where its time went and what it kept (a switch for
/// benchmarks and tests, not for users); LINQ_SECRET_SCAN_STATS=json prints the same as one JSON object on one line.
/// Both go to stderr, so the report itself is unchanged.</summary>
internal static class StatisticsPrinter
{
    private const string Variable = "LINQ_SECRET_SCAN_STATS";

    public static bool Wanted(HostEnvironment host) => host.Variable(Variable) is "1" or "json";

    public static void Print(TextWriter error, HostEnvironment host, ScanStatistics statistics, ScanProgress progress, TimeSpan wall)
    {
        var memory = statistics.Memory ?? ProcessMemory.Now();
        var times = Enum.GetValues<ScanPhase>().ToDictionary(p => p, progress.TimeIn);
        if (host.Variable(Variable) == "json")
        {
            var values = new SortedDictionary<string, long>(statistics.Counts, StringComparer.Ordinal)
            {
                ["memory.peakRss"] = memory.PeakBytes,
                ["memory.rss"] = memory.ResidentBytes,
                ["memory.rssAnonymous"] = memory.AnonymousBytes ?? -1,
                ["memory.rssFile"] = memory.FileBytes ?? -1,
                ["managed.heapBeforeGc"] = statistics.ManagedHeapBeforeGc,
                ["managed.heapAfterFullGc"] = statistics.ManagedHeapAfterFullGc,
                ["managed.committed"] = statistics.ManagedCommittedBytes,
                ["time.wallMs"] = (long)wall.TotalMilliseconds,
            };
            foreach (var (phase, time) in times)
            {
                values[$"time.{JsonNamingPolicy.CamelCase.ConvertName(phase.ToString())}Ms"] = (long)time.TotalMilliseconds;
            }

            var json = new System.Text.StringBuilder("{");
            foreach (var (name, value) in values)
            {
                json.Append(json.Length > 1 ? "," : string.Empty).Append('"').Append(name).Append("\":").Append(value.ToString(CultureInfo.InvariantCulture));
            }

            error.WriteLine($"linq-secret-scan: stats: {json}}}");
            return;
        }

        string walk = statistics.Counts.ContainsKey("gitLog.pairsIntroduced")
            ? $"commit walk and tree diffs in git log's own process (this one read its output for {Seconds(times[ScanPhase.TreeDiff])})"
            : $"commit walk {Seconds(times[ScanPhase.CommitWalk])}, tree diffs {Seconds(times[ScanPhase.TreeDiff])}";
        error.WriteLine(
            $"linq-secret-scan: stats: time: {Seconds(wall)} wall; {(progress.CountsCpuTime ? "CPU time" : "time")} in {walk}, "
            + $"fetching {Seconds(times[ScanPhase.Fetch])}; summed over the reading threads: blob reads {Seconds(times[ScanPhase.Read])}, detection {Seconds(times[ScanPhase.Detection])}");
        string split = memory.AnonymousBytes is { } anonymous && memory.FileBytes is { } file
            ? $" ({Megabytes(anonymous)} anonymous, {Megabytes(file)} mapped files)"
            : string.Empty;
        error.WriteLine(
            $"linq-secret-scan: stats: memory: peak RSS {Megabytes(memory.PeakBytes)}; at the end {Megabytes(memory.ResidentBytes)}{split}; managed heap {Megabytes(statistics.ManagedHeapBeforeGc)}, "
            + $"{Megabytes(statistics.ManagedHeapAfterFullGc)} after a full GC, {Megabytes(statistics.ManagedCommittedBytes)} committed");
        error.WriteLine($"linq-secret-scan: stats: kept: {string.Join(", ", statistics.Counts.Select(c => $"{c.Key} {c.Value.ToString("N0", CultureInfo.InvariantCulture)}"))}");
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Megabytes(long bytes) => (bytes / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
