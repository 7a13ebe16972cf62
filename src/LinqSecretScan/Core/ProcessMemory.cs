namespace LinqSecretScan.Core;

/// <summary>The process's resident memory as the kernel counts it: the peak (what GNU time and the benchmarks report),
/// now, and now split into anonymous memory (heaps) and mapped files (pack files libgit2 maps: resident only while
/// their pages are). On Linux from /proc/self/status; elsewhere only the peak and the current working set are known.</summary>
internal sealed record ProcessMemory(long PeakBytes, long ResidentBytes, long? AnonymousBytes, long? FileBytes)
{
    public static ProcessMemory Now()
    {
        if (Status("self") is { } fields && fields.TryGetValue("VmHWM", out long peak) && fields.TryGetValue("VmRSS", out long resident))
        {
            return new ProcessMemory(
                peak,
                resident,
                fields.TryGetValue("RssAnon", out long anonymous) ? anonymous : null,
                fields.TryGetValue("RssFile", out long file) ? file : null);
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessMemory(process.PeakWorkingSet64, process.WorkingSet64, null, null);
    }

    /// <summary>The peak resident memory of another running process (a git the scanner started), where the system says
    /// (Linux); null elsewhere or once it has ended.</summary>
    public static long? PeakOf(int processId) =>
        Status(processId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } fields && fields.TryGetValue("VmHWM", out long peak) ? peak : null;

    /// <summary>The sizes in /proc/PID/status, in bytes; null when there is no such file.</summary>
    private static Dictionary<string, long>? Status(string process)
    {
        string path = $"/proc/{process}/status";
        try
        {
            var fields = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line.EndsWith(" kB", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(colon + 1, line.Length - colon - 4).Trim(), out long kilobytes))
                {
                    fields[line[..colon]] = kilobytes * 1024;
                }
            }

            return fields;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
