namespace LinqSecretScan.Sources;

/// <summary>One file version to scan, as a source yields it. The content is a reference that readers open later
/// (on worker threads), so a scanner can schedule, cache by <see cref="Key"/> and skip work; nothing after the
/// source knows git.</summary>
internal sealed class ScanItem
{
    /// <summary>Path relative to the repository root (or the scanned directory), with / separators.</summary>
    public required string Path { get; init; }

    /// <summary>Full commit SHA for commit and history scans; null for staged and dir.</summary>
    public string? Commit { get; init; }

    public required ContentRef Content { get; init; }

    /// <summary>Identifies identical content (a blob id): detection runs once per key, and content already
    /// scanned is not even read again. Null for files on disk.</summary>
    public ContentKey? Key { get; init; }

    /// <summary>The versions this one replaces (the HEAD version, or each parent's). A finding on a line that one
    /// of them already had is not new. Empty: every line is new.</summary>
    public IReadOnlyList<ContentRef> PreviousVersions { get; init; } = [];

    /// <summary>The file itself is being added or changed here (or, for dir, is tracked or not ignored), so a
    /// .env-style name is reported.</summary>
    public bool ReportFileName { get; init; } = true;
}
