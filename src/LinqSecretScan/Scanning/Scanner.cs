using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Runs source items through reading, decoding and detection on worker threads, then through the filters
/// that need order or context on the calling thread: allow comments, "is this line new", "was this already
/// introduced". Detection results are cached per content key, so a blob seen in many commits is read and scanned
/// once. What comes out knows no git and holds no file content.</summary>
/// <remarks>
/// Items are consumed in source order (history attribution needs parents first) through a bounded window: at
/// most a few hundred items are in flight, and at most one content per worker is in memory.
/// </remarks>
internal sealed class Scanner(Detector detector, ScanSettings settings)
{
    private const int Window = 512;

    /// <summary>The first items are scanned on the calling thread: a pre-commit hook with a file or two should not
    /// pay for starting worker threads.</summary>
    private const int InlineItems = 16;

    private int _started;

    private readonly ContentScanner _contentScanner = new(detector, settings);
    private readonly Dictionary<(ContentKey Key, ulong PathRules), object> _byContent = [];
    private readonly HashSet<(string Path, string RuleId, string Secret)> _introduced = [];

    public Scanner(Detector detector)
        : this(detector, ScanSettings.Default)
    {
    }

    /// <summary>Workers reading and scanning content at once (1 scans on the calling thread).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public void Scan(IScanSource source, ScanOutcome outcome, ScanProgress? progress = null)
    {
        progress ??= new ScanProgress();
        using var readers = new ReaderPool(source);
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Parallelism).ConcurrentScheduler;
        var pending = new Queue<(ScanItem Item, (ContentKey, ulong)? Key, Task<ContentResult> Result)>();
        bool firstOnly = source.ReportFirstIntroductionOnly;
        foreach (var item in source.Items(progress))
        {
            if (settings.IsExcluded(item.Path))
            {
                outcome.FilesExcluded++;
                continue;
            }

            (ContentKey, ulong)? key = item.Key is { } contentKey ? (contentKey, detector.PathRuleSignature(item.Path)) : null;
            pending.Enqueue((item, key, Start(item, key, readers, scheduler, progress)));
            while (pending.Count > Window)
            {
                var (next, nextKey, result) = pending.Dequeue();
                Complete(next, nextKey, result, outcome, readers, firstOnly);
            }
        }

        while (pending.Count > 0)
        {
            var (next, nextKey, result) = pending.Dequeue();
            Complete(next, nextKey, result, outcome, readers, firstOnly);
        }

        outcome.Problems.AddRange(source.Problems);
        outcome.Warnings.AddRange(source.Warnings);
        if (firstOnly)
        {
            MarkPresentAtHead(source, outcome, readers);
        }
    }

    /// <summary>The scan of an item's content: an earlier one for the same content (under the same
    /// path-specific rules), or a new one on a worker.</summary>
    private Task<ContentResult> Start(ScanItem item, (ContentKey, ulong)? key, ReaderPool readers, TaskScheduler scheduler, ScanProgress progress)
    {
        if (key is { } k && _byContent.TryGetValue(k, out var known))
        {
            return known as Task<ContentResult> ?? CachedTask;
        }

        var task = Parallelism == 1 || _started++ < InlineItems
            ? Task.FromResult(ScanContent(item, readers.Main, progress))
            : Task.Factory.StartNew(() => ScanOnWorker(item, readers, progress), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        if (key is { } newKey)
        {
            _byContent[newKey] = task;
        }

        return task;
    }

    /// <summary>Stands for a result already counted and filed: its detections are looked up again by key.</summary>
    private static readonly Task<ContentResult> CachedTask = Task.FromResult(new ContentResult([], 0, false, false, null));

    private ContentResult ScanOnWorker(ScanItem item, ReaderPool readers, ScanProgress progress)
    {
        var reader = readers.Rent();
        try
        {
            return ScanContent(item, reader, progress);
        }
        finally
        {
            readers.Return(reader);
        }
    }

    private ContentResult ScanContent(ScanItem item, IContentReader reader, ScanProgress progress)
    {
        var result = _contentScanner.Scan(item, reader);
        if (result.Read)
        {
            progress.FileScanned(result.Bytes);
        }

        return result;
    }

    private void Complete(ScanItem item, (ContentKey, ulong)? key, Task<ContentResult> task, ScanOutcome outcome, ReaderPool readers, bool firstIntroductionOnly)
    {
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

        var detections = Detections(key, task.GetAwaiter().GetResult(), outcome);
        if (detections.Length == 0)
        {
            return;
        }

        AddedLines? added = null;
        if (item.PreviousVersions.Count > 0)
        {
            try
            {
                added = AddedLines.For(item, readers.Main);
            }
            catch (ObjectReadException ex)
            {
                outcome.Problems.Add(ex.Message);
                return;
            }
        }

        foreach (var detection in detections)
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

    /// <summary>Counts a fresh result into the outcome once and files its detections under the content key (as a
    /// plain array: finished tasks are not kept for every blob of a history). Content already counted (a repeat in
    /// the window, or the cached stand-in) only looks its detections up.</summary>
    private LocatedDetection[] Detections((ContentKey, ulong)? key, ContentResult result, ScanOutcome outcome)
    {
        if (key is { } k && _byContent.TryGetValue(k, out var filed) && filed is LocatedDetection[] counted)
        {
            return counted;
        }

        if (result.Read)
        {
            outcome.FilesScanned++;
            outcome.BytesScanned += result.Bytes;
        }

        if (result.Binary)
        {
            outcome.BinaryFilesSkipped++;
        }

        if (result.Problem is not null)
        {
            outcome.Problems.Add(result.Problem);
        }

        if (key is { } newKey)
        {
            _byContent[newKey] = result.Detections.Length == 0 ? [] : result.Detections;
        }

        return result.Detections;
    }

    /// <summary>For history findings: is the same secret still in that file at HEAD? That tells "rotate" from
    /// "rotate and purge". When HEAD's version cannot be read, the answer stays unset and the scan is incomplete.</summary>
    private void MarkPresentAtHead(IScanSource source, ScanOutcome outcome, ReaderPool readers)
    {
        var atHead = new Dictionary<string, (bool Known, bool Exists, LocatedDetection[] Detections)>(StringComparer.Ordinal);
        for (int i = 0; i < outcome.Findings.Count; i++)
        {
            var finding = outcome.Findings[i];
            if (!atHead.TryGetValue(finding.Path, out var head))
            {
                head = LookAtHead(source, finding.Path, outcome, readers);
                atHead[finding.Path] = head;
            }

            if (!head.Known)
            {
                continue;
            }

            bool present = finding.Secret is null
                ? head.Exists
                : Array.Exists(head.Detections, d => d.Rule.Id == finding.RuleId && d.Secret == finding.Secret);
            outcome.Findings[i] = finding with { PresentAtHead = present };
        }
    }

    private (bool Known, bool Exists, LocatedDetection[] Detections) LookAtHead(IScanSource source, string path, ScanOutcome outcome, ReaderPool readers)
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

        if (item.Key is { } key && _byContent.TryGetValue((key, detector.PathRuleSignature(item.Path)), out var filed) && filed is LocatedDetection[] known)
        {
            return (true, true, known);
        }

        var result = _contentScanner.Scan(item, readers.Main);
        if (result.Problem is not null)
        {
            outcome.Problems.Add(result.Problem);
            return (false, true, []);
        }

        return (true, true, result.Detections);
    }
}
