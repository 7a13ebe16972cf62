namespace LinqSecretScan.Sources;

/// <summary>Counters a source and the scanner update as they go, read by a progress line on a terminal, and the time
/// spent in each phase of a scan (read by the statistics that LINQ_SECRET_SCAN_STATS prints).</summary>
/// <param name="timePhases">Time the phases at all: only the statistics read them. A clock read and an interlocked add
/// on memory every worker shares, three times per file, cost a 10,000-file `dir` scan about 5 ms of CPU.</param>
/// <param name="threadCpuTime">Count each thread's CPU time (Linux) instead of the time that passed, so that a machine
/// busy with other work does not inflate the split: a system call per measurement, so only for the statistics.</param>
internal sealed partial class ScanProgress(bool timePhases = false, bool threadCpuTime = false)
{
    private readonly long[] _ticks = new long[Enum.GetValues<ScanPhase>().Length];
    private readonly bool _timed = timePhases;
    private readonly bool _cpuTime = timePhases && threadCpuTime && OperatingSystem.IsLinux();
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

    /// <summary>Whether the phases are timed at all (see the constructor); when not, <see cref="Timestamp"/> and
    /// <see cref="Timed"/> return at once.</summary>
    public bool TimesPhases => _timed;

    /// <summary>Whether <see cref="TimeIn"/> is CPU time.</summary>
    public bool CountsCpuTime => _cpuTime;

    /// <summary>A timestamp to time a phase from, on this thread (0 when phases are not timed).</summary>
    public long Timestamp() => !_timed ? 0 : _cpuTime ? ThreadCpuNanoseconds() : System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (from <see cref="Timestamp"/> on the same
    /// thread) to a phase, and returns the current timestamp to start the next one from.</summary>
    public long Timed(ScanPhase phase, long startTimestamp)
    {
        if (!_timed)
        {
            return 0;
        }

        long now = Timestamp();
        Interlocked.Add(ref _ticks[(int)phase], now - startTimestamp);
        return now;
    }

    /// <summary>The time spent in a phase so far, summed over the threads that worked in it.</summary>
    public TimeSpan TimeIn(ScanPhase phase)
    {
        long ticks = Interlocked.Read(ref _ticks[(int)phase]);
        return _cpuTime ? TimeSpan.FromTicks(ticks / 100) : System.Diagnostics.Stopwatch.GetElapsedTime(0, ticks);
    }

    private static unsafe long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTime = 3;
        long* time = stackalloc long[2];
        return clock_gettime(ClockThreadCpuTime, time) == 0 ? (time[0] * 1_000_000_000) + time[1] : 0;
    }

    [System.Runtime.InteropServices.LibraryImport("libc")]
    private static unsafe partial int clock_gettime(int clock, long* time);
}

/// <summary>Where a scan's time goes.</summary>
internal enum ScanPhase
{
    /// <summary>Listing the commits to scan (the history's walk of every ref).</summary>
    CommitWalk,

    /// <summary>Finding what each commit changed (tree diffs).</summary>
    TreeDiff,

    /// <summary>Fetching missing blobs from a partial clone's promisor remote.</summary>
    Fetch,

    /// <summary>Reading content: inflating blobs, checking their ids, reading files.</summary>
    Read,

    /// <summary>Running the rules over content.</summary>
    Detection,
}
