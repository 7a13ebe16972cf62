using LinqSecretScan.Core;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Gives each finding of a commit the <see cref="Exposure"/> of that commit, asked of the source once for all
/// of them.</summary>
internal static class ExposureMarker
{
    public static void Mark(IScanSource source, ScanOutcome outcome)
    {
        var commits = outcome.Findings.Select(f => f.Commit).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (commits.Count == 0)
        {
            return;
        }

        var exposures = source.Exposures(commits, outcome.Warnings);
        for (int i = 0; i < outcome.Findings.Count; i++)
        {
            if (outcome.Findings[i].Commit is { } commit && exposures.TryGetValue(commit, out var exposure))
            {
                outcome.Findings[i] = outcome.Findings[i] with { Exposure = exposure };
            }
        }
    }
}
