using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Runs source items through decoding, detection and the filters that need the file's text (allow
/// comments, "is this line new"). What comes out knows no git and holds no file content.</summary>
internal sealed class Scanner(Detector detector)
{
    public void Scan(IScanSource source, ScanOutcome outcome)
    {
        foreach (var item in source.Items())
        {
            ScanItem(item, outcome);
        }
    }

    public void ScanItem(ScanItem item, ScanOutcome outcome)
    {
        if (item.ReportFileName && detector.Rules.EnvFile.Matches(item.Path))
        {
            outcome.Findings.Add(new Finding
            {
                RuleId = detector.Rules.EnvFile.Id,
                RuleName = detector.Rules.EnvFile.Id,
                Path = item.Path,
                Commit = item.Commit,
                Fingerprint = Fingerprints.Compute(detector.Rules.EnvFile.Id, item.Path, null),
                Verification = VerificationState.NotChecked,
            });
        }

        byte[] bytes;
        try
        {
            bytes = item.ReadContent();
        }
        catch (ObjectReadException ex)
        {
            outcome.Problems.Add(ex.Message);
            return;
        }

        outcome.FilesScanned++;
        outcome.BytesScanned += bytes.Length;
        var decoded = TextDecoder.Decode(bytes);
        if (decoded is null)
        {
            outcome.BinaryFilesSkipped++;
            return;
        }

        IReadOnlyList<Detection.Detection> detections;
        try
        {
            detections = detector.Detect(item.Path, decoded.Text);
        }
        catch (DetectionTimeoutException ex)
        {
            outcome.Problems.Add($"{item.Path}{(item.Commit is null ? string.Empty : " @ " + item.Commit)}: {ex.Message}");
            return;
        }
        if (detections.Count == 0)
        {
            return;
        }

        AddedLines? added = null;
        if (item.PreviousVersions.Count > 0)
        {
            try
            {
                added = new AddedLines(decoded.Text, item.PreviousVersions.Select(read => (TextDecoder.Decode(read()) ?? DecodedText.Empty).Text).ToList());
            }
            catch (ObjectReadException ex)
            {
                outcome.Problems.Add(ex.Message);
                return;
            }
        }

        var locator = new LineLocator(decoded.Text);
        foreach (var detection in detections)
        {
            var (line, column, lineStart, lineEnd) = locator.Locate(detection.Offset);
            if (added is not null && !added.IsNew(line))
            {
                continue;
            }

            if (AllowComments.IsAllowed(decoded.Text, lineStart, lineEnd))
            {
                outcome.CountSuppressed(SuppressionReason.AllowComment);
                continue;
            }

            outcome.Findings.Add(new Finding
            {
                RuleId = detection.Rule.Id,
                RuleName = detection.Rule.Name,
                Path = item.Path,
                Line = line,
                Column = column,
                EndColumn = column + detection.Length,
                Commit = item.Commit,
                Secret = detection.Secret,
                Fingerprint = Fingerprints.Compute(detection.Rule.Id, item.Path, detection.Secret),
                Verification = VerificationState.NotChecked,
            });
        }
    }
}
