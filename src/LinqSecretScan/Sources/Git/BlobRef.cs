using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git;

/// <summary>A blob in the object database.</summary>
internal sealed record BlobRef(ObjectId Id, string Path) : ContentRef(Path)
{
    public ContentKey Key { get; } = ContentKey.FromBlobId(Id.RawId);
}
