using LinqSecretScan.Sources;

namespace LinqSecretScan.Tests.Sources;

/// <summary>Phases are timed only for the statistics (LINQ_SECRET_SCAN_STATS): an ordinary scan reads no clock and
/// adds nothing, and a timed one adds the time that passed.</summary>
public sealed class ScanProgressTests
{
    [Fact]
    public void UntimedProgress_ReadsNoClockAndAddsNothing()
    {
        var progress = new ScanProgress();
        Assert.False(progress.TimesPhases);
        long start = progress.Timestamp();
        Thread.Sleep(20);
        Assert.Equal(0, start);
        Assert.Equal(0, progress.Timed(ScanPhase.Detection, start));
        Assert.Equal(TimeSpan.Zero, progress.TimeIn(ScanPhase.Detection));
    }

    [Fact]
    public void TimedProgress_AddsTheTimeThatPassed()
    {
        var progress = new ScanProgress(timePhases: true);
        Assert.True(progress.TimesPhases);
        long start = progress.Timestamp();
        Thread.Sleep(20);
        long next = progress.Timed(ScanPhase.Read, start);
        Assert.NotEqual(0, next);
        Assert.InRange(progress.TimeIn(ScanPhase.Read), TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, progress.TimeIn(ScanPhase.Detection));
    }

    [Fact]
    public void CpuTimedProgress_CountsThisThreadsWork()
    {
        var progress = new ScanProgress(timePhases: true, threadCpuTime: true);
        long start = progress.Timestamp();
        var until = DateTime.UtcNow.AddMilliseconds(30);
        double sink = 0;
        while (DateTime.UtcNow < until)
        {
            sink += Math.Sqrt(sink + 1);
        }

        progress.Timed(ScanPhase.Detection, start);
        Assert.True(sink > 0);
        Assert.True(progress.TimeIn(ScanPhase.Detection) > TimeSpan.FromMilliseconds(5), progress.TimeIn(ScanPhase.Detection).ToString());
    }
}
