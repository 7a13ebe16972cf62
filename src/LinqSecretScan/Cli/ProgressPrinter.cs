using System.Diagnostics;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Cli;

/// <summary>A progress line for long audits, on stderr only when it is a terminal: commits and files done,
/// bytes, rate. Redrawn in place a few times a second; drawn once more with the final counts and erased at the
/// end, so even a short scan shows it.</summary>
internal sealed class ProgressPrinter : IDisposable
{
    private readonly ScanProgress _progress;
    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private bool _stopped;

    public ProgressPrinter(ScanProgress progress, TextWriter error, bool enabled)
    {
        _progress = progress;
        _error = error;
        if (enabled)
        {
            _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250));
        }
    }

    internal static string Format(long commits, long files, long bytes, TimeSpan elapsed)
    {
        double megabytes = bytes / 1_048_576.0;
        double rate = elapsed.TotalSeconds > 0 ? megabytes / elapsed.TotalSeconds : 0;
        string commitPart = commits > 0 ? $"{commits:N0} commits, " : string.Empty;
        return $"linq-secret-scan: {commitPart}{files:N0} files, {megabytes:N1} MB scanned ({rate:N1} MB/s, {elapsed.TotalSeconds:N0} s)";
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _error.Write("\r\u001b[K" + Format(_progress.Commits, _progress.Files, _progress.Bytes, _clock.Elapsed));
            _error.Flush();
        }
    }

    public void Dispose()
    {
        if (_timer is null)
        {
            return;
        }

        _timer.Dispose();
        lock (_gate)
        {
            _stopped = true;
            _error.Write("\r\u001b[K" + Format(_progress.Commits, _progress.Files, _progress.Bytes, _clock.Elapsed) + "\r\u001b[K");
            _error.Flush();
        }
    }
}
