namespace LinqSecretScan.Sources.Git.Native;

/// <summary>Reads blobs with one libgit2 lookup each, in place, through a repository handle of this reader's own
/// (opened on first use).</summary>
/// <param name="objectDirectories">Object directories to read besides the repository's own (git's quarantine).</param>
/// <param name="missingHint">Said after "is missing from the object database" (a partial clone's remote).</param>
internal sealed class NativeBlobReader(string gitDirectory, IReadOnlyList<string> objectDirectories, string missingHint) : IContentReader
{
    private NativeRepository? _repository;

    public Stream Open(ContentRef content)
    {
        if (content is not BlobRef blob)
        {
            throw new ArgumentException($"a git reader cannot open {content.GetType().Name}", nameof(content));
        }

        return Open(_repository ??= NativeRepository.Open(gitDirectory, objectDirectories), blob);
    }

    private unsafe NativeBlobStream Open(NativeRepository repository, BlobRef blob)
    {
        byte[] id = blob.Id.RawId;
        int result;
        nint handle;
        fixed (byte* oid = id)
        {
            result = LibGit2.git_blob_lookup(out handle, repository.Handle, oid);
        }

        if (result == LibGit2.NotFound)
        {
            throw new ObjectReadException($"blob {blob.Id.Sha} ({blob.Path}) is missing from the object database{missingHint}");
        }

        if (result < 0)
        {
            throw new ObjectReadException($"cannot read blob {blob.Id.Sha} ({blob.Path}): {LibGit2.LastError()}");
        }

        var stream = new NativeBlobStream(handle);
        BlobIntegrity.Verify(stream, blob.Id, blob.Path);
        return stream;
    }

    public void Dispose() => _repository?.Dispose();
}
