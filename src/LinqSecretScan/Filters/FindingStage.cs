using LinqSecretScan.Core;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Filters;

/// <summary>From a source to findings: the scanner's detections, item by item through the <see cref="ItemFilters"/>,
/// then, for a history, whether each finding is still at HEAD (<see cref="HeadPresence"/>). Suppression by ignore
/// file and baseline, verification and reporting come after.</summary>
internal static class FindingStage
{
    /// <param name="honourAllowComments">Allow comments suppress what they mark (false: a server's policy turned them off).</param>
    /// <param name="statistics">Filled in at the end, while what each stage keeps is still alive, when given.</param>
    public static void Run(IScanSource source, Scanner scanner, ScanOutcome outcome, ScanProgress progress, bool honourAllowComments = true, ScanStatistics? statistics = null)
    {
        using var readers = new ReaderPool(source);
        var filters = new ItemFilters(readers.Main, source.ReportFirstIntroductionOnly, honourAllowComments);
        foreach (var scanned in scanner.Scan(source, readers, outcome, progress))
        {
            filters.Apply(scanned, outcome);
        }

        if (source.ReportFirstIntroductionOnly)
        {
            HeadPresence.Mark(outcome, source, scanner, readers.Main);
        }

        if (statistics is not null)
        {
            source.AddStatistics(statistics.Counts);
            scanner.AddStatistics(statistics.Counts);
            filters.AddStatistics(statistics.Counts);
            statistics.Counts["findings"] = outcome.Findings.Count;
            statistics.TakeMemory();
            GC.KeepAlive(source);
            GC.KeepAlive(scanner);
            GC.KeepAlive(filters);
        }
    }
}
