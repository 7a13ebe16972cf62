using LinqSecretScan.Core;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Filters;

/// <summary>For history findings: is the same secret still in that file at HEAD? That tells "rotate" from "rotate
/// and purge". When HEAD's version cannot be read, the answer stays unset and the scan is incomplete: "no longer at
/// HEAD" never stands for "could not look".</summary>
internal static class HeadPresence
{
    public static void Mark(ScanOutcome outcome, IScanSource source, Scanner scanner, IContentReader reader)
    {
        var atHead = new Dictionary<string, (bool Known, bool Exists, IReadOnlyList<LocatedDetection> Detections)>(StringComparer.Ordinal);
        for (int i = 0; i < outcome.Findings.Count; i++)
        {
            var finding = outcome.Findings[i];
            if (!atHead.TryGetValue(finding.Path, out var head))
            {
                head = LookAtHead(finding.Path, outcome, source, scanner, reader);
                atHead[finding.Path] = head;
            }

            if (!head.Known)
            {
                continue;
            }

            bool present = finding.Secret is null
                ? head.Exists
                : head.Detections.Any(d => d.Rule.Id == finding.RuleId && d.Secret == finding.Secret);
            outcome.Findings[i] = finding with { PresentAtHead = present };
        }
    }

    private static (bool Known, bool Exists, IReadOnlyList<LocatedDetection> Detections) LookAtHead(
        string path, ScanOutcome outcome, IScanSource source, Scanner scanner, IContentReader reader)
    {
        ScanItem? item;
        try
        {
            item = source.ItemAtHead(path);
        }
        catch (ObjectReadException ex)
        {
            outcome.Problems.Add(ex.Message);
            return (false, false, []);
        }

        if (item is null)
        {
            return (true, false, []);
        }

        return scanner.DetectionsOf(item, reader, outcome) is { } detections ? (true, true, detections) : (false, true, []);
    }
}
