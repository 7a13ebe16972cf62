namespace LinqSecretScan.Core;

/// <summary>Everything a scan produced: findings, what was suppressed and why, and what could not be read.</summary>
internal sealed class ScanOutcome
{
    public List<Finding> Findings { get; } = [];

    public Dictionary<SuppressionReason, int> Suppressed { get; } = [];

    /// <summary>Things that could not be scanned. Any problem makes the exit code 2: a partial scan never looks
    /// clean.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Things the user should know that do not stop the scan (binary files skipped, ...).</summary>
    public List<string> Warnings { get; } = [];

    public int FilesScanned { get; set; }

    public long BytesScanned { get; set; }

    public int BinaryFilesSkipped { get; set; }

    /// <summary>Items left out by the config's exclude globs.</summary>
    public int FilesExcluded { get; set; }

    /// <summary>Ignore-file entries that matched no finding (with --report-unused-ignores).</summary>
    public List<string> UnusedIgnores { get; } = [];

    public int SuppressedTotal => Suppressed.Values.Sum();

    public void CountSuppressed(SuppressionReason reason, int count = 1) =>
        Suppressed[reason] = Suppressed.GetValueOrDefault(reason) + count;
}
