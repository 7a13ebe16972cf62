using LinqSecretScan.Configuration;

namespace LinqSecretScan.Scanning;

/// <summary>What the scanner needs from the configuration.</summary>
internal sealed record ScanSettings(Func<string, bool> IsExcluded, long MaxFileSize)
{
    public static ScanSettings Default { get; } = new(_ => false, ScanConfig.DefaultMaxFileSize);
}
