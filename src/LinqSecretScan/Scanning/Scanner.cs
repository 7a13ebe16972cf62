using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Runs source items through decoding, detection and the filters that need the file's text (allow
/// comments, "is this line new", "was this already introduced"). What comes out knows no git and holds no file
/// content. Detection results are cached per content id, so a blob seen in many commits is read and scanned once.</summary>
internal sealed class Scanner(Detector detector, ScanSettings settings)
{
    public Scanner(Detector detector)
        : this(detector, ScanSettings.Default)
    {
    }

    private readonly Dictionary<(string ContentId, ulong PathRules), LocatedDetection[]> _byContent = [];
    private readonly HashSet<(string Path, string RuleId, string Secret)> _introduced = [];

    public void Scan(IScanSource source, ScanOutcome outcome, ScanProgress? progress = null)
    {
        progress ??= new ScanProgress();
        bool firstOnly = source.ReportFirstIntroductionOnly;
        foreach (var item in source.Items(progress))
        {
            ScanItem(item, outcome, progress, firstOnly);
        }

        outcome.Problems.AddRange(source.Problems);
        outcome.Warnings.AddRange(source.Warnings);
        if (firstOnly)
        {
            MarkPresentAtHead(source, outcome, progress);
        }
    }

    public void ScanItem(ScanItem item, ScanOutcome outcome, ScanProgress progress, bool firstIntroductionOnly = false)
    {
        if (settings.IsExcluded(item.Path))
        {
            outcome.FilesExcluded++;
            return;
        }

        var env = detector.Rules.EnvFile;
        if (item.ReportFileName && env.Matches(item.Path)
            && (!firstIntroductionOnly || _introduced.Add((item.Path, env.Id, string.Empty))))
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

        var located = Locate(item, outcome, progress);
        if (located.Length == 0)
        {
            return;
        }

        AddedLines? added = null;
        if (item.PreviousVersions.Count > 0)
        {
            try
            {
                string text = (TextDecoder.Decode(item.ReadContent()) ?? DecodedText.Empty).Text;
                added = new AddedLines(text, item.PreviousVersions.Select(read => (TextDecoder.Decode(read()) ?? DecodedText.Empty).Text).ToList());
            }
            catch (ObjectReadException ex)
            {
                outcome.Problems.Add(ex.Message);
                return;
            }
        }

        foreach (var detection in located)
        {
            if (added is not null && !added.IsNew(detection.Line))
            {
                continue;
            }

            if (firstIntroductionOnly && !_introduced.Add((item.Path, detection.Rule.Id, detection.Secret)))
            {
                continue;
            }

            if (detection.Allowed)
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

    /// <summary>Detections of an item's content with their lines and allow status, from the cache when the same
    /// content (under the same path-specific rules) was scanned before.</summary>
    private LocatedDetection[] Locate(ScanItem item, ScanOutcome outcome, ScanProgress progress)
    {
        ulong pathRules = detector.PathRuleSignature(item.Path);
        if (item.ContentId is not null && _byContent.TryGetValue((item.ContentId, pathRules), out var cached))
        {
            return cached;
        }

        LocatedDetection[] located;
        try
        {
            located = DetectIn(item, outcome, progress);
        }
        catch (ObjectReadException ex)
        {
            outcome.Problems.Add(ex.Message);
            return [];
        }
        catch (DetectionTimeoutException ex)
        {
            outcome.Problems.Add($"{item.Path}{(item.Commit is null ? string.Empty : " @ " + item.Commit)}: {ex.Message}");
            return [];
        }

        if (item.ContentId is not null)
        {
            _byContent[(item.ContentId, pathRules)] = located;
        }

        return located;
    }

    private LocatedDetection[] DetectIn(ScanItem item, ScanOutcome outcome, ScanProgress progress)
    {
        if (item.Size?.Invoke() is long size && size > settings.MaxFileSize)
        {
            outcome.Problems.Add(TooLarge(item, size));
            return [];
        }

        byte[] bytes = item.ReadContent();
        if (bytes.Length > settings.MaxFileSize)
        {
            outcome.Problems.Add(TooLarge(item, bytes.Length));
            return [];
        }

        outcome.FilesScanned++;
        outcome.BytesScanned += bytes.Length;
        progress.FileScanned(bytes.Length);
        var decoded = TextDecoder.Decode(bytes);
        if (decoded is null)
        {
            outcome.BinaryFilesSkipped++;
            return [];
        }

        var detections = detector.Detect(item.Path, decoded.Text);
        if (detections.Count == 0)
        {
            return [];
        }

        var locator = new LineLocator(decoded.Text);
        var located = new LocatedDetection[detections.Count];
        for (int i = 0; i < detections.Count; i++)
        {
            var detection = detections[i];
            var (line, column, lineStart, lineEnd) = locator.Locate(detection.Offset);
            located[i] = new LocatedDetection(
                detection.Rule, detection.Secret, line, column, detection.Length, AllowComments.IsAllowed(decoded.Text, lineStart, lineEnd));
        }

        return located;
    }

    private string TooLarge(ScanItem item, long size) =>
        $"{item.Path}{(item.Commit is null ? string.Empty : " @ " + item.Commit)} was not scanned: {size:N0} bytes is more than maxFileSize ({settings.MaxFileSize:N0}; raise it in .linqsecretscan.json, or exclude the path)";

    /// <summary>For history findings: is the same secret still in that file at HEAD? That tells "rotate" from
    /// "rotate and purge".</summary>
    private void MarkPresentAtHead(IScanSource source, ScanOutcome outcome, ScanProgress progress)
    {
        var atHead = new Dictionary<string, (bool Exists, LocatedDetection[] Detections)>(StringComparer.Ordinal);
        for (int i = 0; i < outcome.Findings.Count; i++)
        {
            var finding = outcome.Findings[i];
            if (!atHead.TryGetValue(finding.Path, out var head))
            {
                var item = source.ItemAtHead(finding.Path);
                head = item is null ? (false, []) : (true, Locate(item, outcome, progress));
                atHead[finding.Path] = head;
            }

            bool present = finding.Secret is null
                ? head.Exists
                : Array.Exists(head.Detections, d => d.Rule.Id == finding.RuleId && d.Secret == finding.Secret);
            outcome.Findings[i] = finding with { PresentAtHead = present };
        }
    }
}
