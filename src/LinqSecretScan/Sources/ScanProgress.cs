namespace LinqSecretScan.Sources;

/// <summary>Counters a source and the scanner update as they go, read by a progress line on a terminal.</summary>
internal sealed class ScanProgress
{
    private long _commits;
    private long _files;
    private long _bytes;

    public long Commits => Interlocked.Read(ref _commits);

    public long Files => Interlocked.Read(ref _files);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void CommitDone() => Interlocked.Increment(ref _commits);

    public void FileScanned(long bytes)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, bytes);
    }
}
