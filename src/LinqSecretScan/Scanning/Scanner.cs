using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Reads, decodes and runs detection over a source's items on worker threads, and hands each item back in
/// source order with its located detections. Content is scanned once per <see cref="ContentCacheKey"/>: a blob seen
/// in many commits is read and scanned once. What comes out knows no git and holds no file content; deciding what is
/// reported is the item filters' job (Filters/ItemFilters).</summary>
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

    private readonly ContentScanner _contentScanner = new(detector, settings);

    /// <summary>Each content already counted: all a history keeps per distinct blob (an entry of a hash set, about 36
    /// bytes).</summary>
    private readonly HashSet<ContentCacheKey> _scanned = [];

    /// <summary>The detections of the contents counted that held any (few).</summary>
    private readonly Dictionary<ContentCacheKey, LocatedDetection[]> _detections = [];

    /// <summary>The path-rule signatures met so far, numbered for the cache keys.</summary>
    private readonly Dictionary<PathRuleSignature, int> _signatures = [];

    /// <summary>Content whose scan is started and not yet counted: at most one entry per item in the window.</summary>
    private readonly Dictionary<ContentCacheKey, Task<ContentResult>> _inFlight = [];

    private int _started;

    /// <summary>Workers reading and scanning content at once (1 scans on the calling thread).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The source's items in source order, each with its detections. Counts what was read into
    /// <paramref name="outcome"/>, and adds what could not be, including the source's own problems and warnings
    /// once the items are all handed out. <paramref name="readers"/> serves the workers and the calling thread.</summary>
    public IEnumerable<ScannedItem> Scan(IScanSource source, ReaderPool readers, ScanOutcome outcome, ScanProgress progress)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Parallelism).ConcurrentScheduler;
        var pending = new Queue<Pending>();
        foreach (var item in source.Items(progress))
        {
            if (settings.IsExcluded(item.Path))
            {
                outcome.FilesExcluded++;
                continue;
            }

            pending.Enqueue(Start(item, readers, scheduler, progress));
            if (pending.Count > Window)
            {
                yield return Complete(pending.Dequeue(), outcome);
            }
        }

        while (pending.Count > 0)
        {
            yield return Complete(pending.Dequeue(), outcome);
        }

        outcome.Problems.AddRange(source.Problems);
        outcome.Warnings.AddRange(source.Warnings);
    }

    /// <summary>The detections of one more item (a file at HEAD, say): those already found for the same content, or a
    /// scan of it on the calling thread with <paramref name="reader"/>. Null, with the reason added to
    /// <paramref name="outcome"/>, when it cannot be read.</summary>
    public IReadOnlyList<LocatedDetection>? DetectionsOf(ScanItem item, IContentReader reader, ScanOutcome outcome)
    {
        if (KeyOf(item) is { } key && _scanned.Contains(key))
        {
            return DetectionsFor(key);
        }

        var result = _contentScanner.Scan(item, reader);
        if (result.Problem is not null)
        {
            outcome.Problems.Add(result.Problem);
            return null;
        }

        return result.Detections;
    }

    public void AddStatistics(IDictionary<string, long> counts)
    {
        counts["scanner.contents"] = _scanned.Count;
        counts["scanner.contentsWithDetections"] = _detections.Count;
        counts["scanner.inFlight"] = _inFlight.Count;
        counts["scanner.pathRuleSignatures"] = _signatures.Count;
    }

    private ContentCacheKey? KeyOf(ScanItem item)
    {
        if (item.Key is not { } content)
        {
            return null;
        }

        var signature = detector.PathRuleSignatureOf(item.Path);
        if (!_signatures.TryGetValue(signature, out int index))
        {
            _signatures[signature] = index = _signatures.Count;
        }

        return new ContentCacheKey(content, index);
    }

    private LocatedDetection[] DetectionsFor(ContentCacheKey key) => _detections.TryGetValue(key, out var detections) ? detections : [];

    /// <summary>An item in the window, with the scan of its content when it is the first item with that content;
    /// <see cref="Scan"/> is null for a repeat, which takes the detections its first item filed.</summary>
    private readonly record struct Pending(ScanItem Item, ContentCacheKey? Key, Task<ContentResult>? Scan);

    private Pending Start(ScanItem item, ReaderPool readers, TaskScheduler scheduler, ScanProgress progress)
    {
        var key = KeyOf(item);
        if (key is { } k && (_scanned.Contains(k) || _inFlight.ContainsKey(k)))
        {
            return new Pending(item, key, null);
        }

        readers.Main.Expect(item.Content);
        var scan = Parallelism == 1 || _started++ < InlineItems
            ? Task.FromResult(ScanContent(item, readers.Main, progress))
            : Task.Factory.StartNew(() => ScanOnWorker(item, readers, progress), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        if (key is { } newKey)
        {
            _inFlight[newKey] = scan;
        }

        return new Pending(item, key, scan);
    }

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
        var result = _contentScanner.Scan(item, reader, progress);
        if (result.Read)
        {
            progress.FileScanned(result.Bytes);
        }

        return result;
    }

    /// <summary>Waits for an item's content and counts a fresh result into the outcome once; a repeat (the window
    /// holds its first item ahead of it, so that one is counted already) looks its detections up.</summary>
    private ScannedItem Complete(Pending pending, ScanOutcome outcome)
    {
        var item = pending.Item;
        var env = detector.Rules.EnvFile;
        var envFile = item.ReportFileName && env.Matches(item.Path) ? env : null;
        if (pending.Scan is null)
        {
            return new ScannedItem(item, DetectionsFor(pending.Key!.Value), envFile);
        }

        var result = pending.Scan.GetAwaiter().GetResult();
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

        if (pending.Key is { } key)
        {
            _inFlight.Remove(key);
            _scanned.Add(key);
            if (result.Detections.Length > 0)
            {
                _detections[key] = result.Detections;
            }
        }

        return new ScannedItem(item, result.Detections, envFile);
    }
}
