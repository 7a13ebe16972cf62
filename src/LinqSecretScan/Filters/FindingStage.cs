using LinqSecretScan.Core;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Filters;

/// <summary>From a source to findings: the scanner's detections, item by item through the <see cref="ItemFilters"/>,
/// then, for a history, whether each finding is still at HEAD (<see cref="HeadPresence"/>). Suppression by ignore
/// file and baseline, verification and reporting come after.</summary>
internal static class FindingStage
{
    public static void Run(IScanSource source, Scanner scanner, ScanOutcome outcome, ScanProgress progress)
    {
        using var readers = new ReaderPool(source);
        var filters = new ItemFilters(readers.Main, source.ReportFirstIntroductionOnly);
        foreach (var scanned in scanner.Scan(source, readers, outcome, progress))
        {
            filters.Apply(scanned, outcome);
        }

        if (source.ReportFirstIntroductionOnly)
        {
            HeadPresence.Mark(outcome, source, scanner, readers.Main);
        }
    }
}
