namespace LinqSecretScan.Sources;

/// <summary>One file version to scan, as a source yields it. Reading is deferred so a scanner can schedule, cache
/// by <see cref="ContentId"/> and skip work; nothing after the source knows git.</summary>
internal sealed class ScanItem
{
    /// <summary>Path relative to the repository root (or the scanned directory), with / separators.</summary>
    public required string Path { get; init; }

    /// <summary>Full commit SHA for commit and history scans; null for staged and dir.</summary>
    public string? Commit { get; init; }

    /// <summary>Identifies identical content (a blob id): detection runs once per id, and content already scanned
    /// is not even read again.</summary>
    public string? ContentId { get; init; }

    /// <summary>The size in bytes, when it is known without reading (files on disk): a file over the size limit
    /// is then not read at all.</summary>
    public Func<long>? Size { get; init; }

    /// <summary>Returns the bytes as stored (no filters, no line-ending conversion).</summary>
    public required Func<byte[]> ReadContent { get; init; }

    /// <summary>The versions this one replaces (the HEAD version, or each parent's). A finding on a line that one
    /// of them already had is not new. Empty: every line is new.</summary>
    public IReadOnlyList<Func<byte[]>> PreviousVersions { get; init; } = [];

    /// <summary>The file itself is being added or changed here (or, for dir, is tracked or not ignored), so a
    /// .env-style name is reported.</summary>
    public bool ReportFileName { get; init; } = true;
}
