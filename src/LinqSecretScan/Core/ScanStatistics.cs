namespace LinqSecretScan.Core;

/// <summary>What a scan kept and used, taken at its end while everything it kept is still alive (for the
/// LINQ_SECRET_SCAN_STATS switch, the benchmarks and the tests that check memory does not grow with the history).</summary>
internal sealed class ScanStatistics
{
    /// <summary>Entries each stage keeps until the scan ends, by name ("scanner.contents", "walker.trees", ...), and
    /// the native memory the git library reports ("libgit2.cachedBytes").</summary>
    public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>The managed heap after a full, compacting collection: what the scan's objects really hold.</summary>
    public long ManagedHeapAfterFullGc { get; set; }

    /// <summary>The managed heap's size before that collection, and the most the GC had committed.</summary>
    public long ManagedHeapBeforeGc { get; set; }

    public long ManagedCommittedBytes { get; set; }

    public ProcessMemory? Memory { get; set; }

    /// <summary>Fills in the memory figures: call it where the scan's state is still referenced.</summary>
    public void TakeMemory()
    {
        var info = GC.GetGCMemoryInfo();
        ManagedHeapBeforeGc = info.HeapSizeBytes;
        ManagedCommittedBytes = info.TotalCommittedBytes;
        Memory = ProcessMemory.Now();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        ManagedHeapAfterFullGc = GC.GetTotalMemory(forceFullCollection: false);
    }
}
