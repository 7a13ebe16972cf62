using LinqSecretScan.Core;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Filters;

/// <summary>The stage between detection and findings: it decides which of an item's detections are reported, in this
/// order. A line that one of the versions the item replaces already had is not new (<see cref="AddedLines"/>); in a
/// history, a secret is reported once per path, at the commit that introduced it; a line with an allow comment is
/// suppressed and counted. An item's .env-style file name is reported as a finding of its own (once per path in a
/// history). Fingerprints are made here.</summary>
/// <param name="reader">Reads the versions an item replaces, on the thread that applies the filters.</param>
/// <param name="firstIntroductionOnly">The items come parents first and each secret is reported once per path (history).</param>
/// <param name="honourAllowComments">Allow comments suppress what they mark (a server's policy can turn this off).</param>
internal sealed class ItemFilters(IContentReader reader, bool firstIntroductionOnly, bool honourAllowComments = true)
{
    private readonly HashSet<(string Path, string RuleId, string Secret)> _introduced = [];

    /// <summary>Adds the item's findings to <paramref name="outcome"/>, and counts what an allow comment suppressed.</summary>
    public void Apply(ScannedItem scanned, ScanOutcome outcome)
    {
        var item = scanned.Item;
        if (scanned.EnvFile is { } env && FirstIntroduction(item.Path, env.Id, string.Empty))
        {
            outcome.Findings.Add(new Finding
            {
                RuleId = env.Id,
                RuleName = env.Id,
                Path = item.Path,
                Commit = item.Commit,
                Fingerprint = Fingerprints.Compute(env.Id, item.Path, null),
            });
        }

        if (scanned.Detections.Count == 0)
        {
            return;
        }

        AddedLines? added = null;
        if (item.PreviousVersions.Count > 0)
        {
            try
            {
                added = AddedLines.For(item, reader);
            }
            catch (ObjectReadException ex)
            {
                outcome.Problems.Add(ex.Message);
                return;
            }
        }

        foreach (var detection in scanned.Detections)
        {
            if (added is not null && !added.IsNew(detection.Line))
            {
                continue;
            }

            if (!FirstIntroduction(item.Path, detection.Rule.Id, detection.Secret))
            {
                continue;
            }

            if (detection.Allowed && honourAllowComments)
            {
                outcome.CountSuppressed(SuppressionReason.AllowComment);
                continue;
            }

            outcome.Findings.Add(new Finding
            {
                RuleId = detection.Rule.Id,
                RuleName = detection.Rule.Name,
                Path = item.Path,
                Line = detection.Line,
                Column = detection.Column,
                EndColumn = detection.Column + detection.Length,
                Commit = item.Commit,
                Secret = detection.Secret,
                Fingerprint = Fingerprints.Compute(detection.Rule.Id, item.Path, detection.Secret),
            });
        }
    }

    public void AddStatistics(IDictionary<string, long> counts) => counts["filters.introduced"] = _introduced.Count;

    /// <summary>True unless this is a history and the secret was already introduced at this path.</summary>
    private bool FirstIntroduction(string path, string ruleId, string secret) =>
        !firstIntroductionOnly || _introduced.Add((path, ruleId, secret));
}
