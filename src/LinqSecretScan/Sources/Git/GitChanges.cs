using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>Tree-to-tree changes as scan items, shared by the commit-based sources.</summary>
internal static class GitChanges
{
    public static readonly CompareOptions WithRenames = new() { Similarity = SimilarityOptions.Renames, IncludeUnmodified = false };

    public static readonly CompareOptions WithoutRenames = new() { Similarity = SimilarityOptions.None, IncludeUnmodified = false };

    /// <summary>Changes that put file content at a path: additions, modifications, renames, copies, type changes
    /// to a regular file. Deletions, submodules (gitlinks) and symlinks carry no content of their own.</summary>
    public static bool CarriesContent(TreeEntryChanges change) =>
        change.Status is ChangeKind.Added or ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied or ChangeKind.TypeChanged
        && IsFile(change.Mode)
        && change.Oid != ObjectId.Zero;

    public static bool IsFile(Mode mode) => mode is Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile;

    /// <summary>The version a change replaces, when it had one as a file (modified, renamed, copied).</summary>
    public static BlobRef? PreviousVersion(TreeEntryChanges change) =>
        change.Status is ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied
        && IsFile(change.OldMode) && change.OldOid != ObjectId.Zero
            ? new BlobRef(change.OldOid, ReportPaths.FromNative(change.OldPath))
            : null;

    /// <summary>The scan item for the content a change puts at its path.</summary>
    public static ScanItem Item(TreeEntryChanges change, string? commit, IReadOnlyList<ContentRef> previous)
    {
        string path = ReportPaths.FromNative(change.Path);
        var blob = new BlobRef(change.Oid, path);
        return new ScanItem { Path = path, Commit = commit, Content = blob, Key = blob.Key, PreviousVersions = previous };
    }
}
