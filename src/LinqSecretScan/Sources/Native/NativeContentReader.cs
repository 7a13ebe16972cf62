
namespace LinqSecretScan.Sources.Native;

/// <summary>Reads blobs with one libgit2 lookup each (LibGit2Sharp's Lookup and GetContentStream inflate a blob
/// up to three times), through a repository handle of this reader's own.</summary>
internal sealed class NativeContentReader : IContentReader
{
    private readonly string _repositoryPath;
    private NativeRepository? _repository;

    public NativeContentReader(string repositoryPath) => _repositoryPath = repositoryPath;

    /// <summary>Reads through a handle already open (this reader then owns it).</summary>
    public NativeContentReader(NativeRepository repository)
    {
        _repositoryPath = string.Empty;
        _repository = repository;
    }

    public Stream Open(ContentRef content)
    {
        if (content is not BlobRef blob)
        {
            throw new ArgumentException($"a git reader cannot open {content.GetType().Name}", nameof(content));
        }

        return Open(_repository ??= NativeRepository.Open(_repositoryPath), blob);
    }

    public static unsafe Stream Open(NativeRepository repository, BlobRef blob)
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
            throw new ObjectReadException($"blob {blob.Id.Sha} ({blob.Path}) is missing from the object database");
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
