namespace LinqSecretScan.Sources;

/// <summary>Yields what a scan mode covers. Only sources touch git.</summary>
internal interface IScanSource : IDisposable
{
    /// <summary>A short name for messages: "staged changes", "commits A..B".</summary>
    string Description { get; }

    /// <summary>The root that report paths are relative to (for config and ignore files).</summary>
    string RootDirectory { get; }

    IEnumerable<ScanItem> Items();
}
