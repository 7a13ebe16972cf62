using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git.Managed;

/// <summary>Reads blobs exactly as stored (no filters, no line-ending conversion, no attributes) through LibGit2Sharp,
/// from libgit2's inflated buffer in place. LibGit2Sharp objects are not shared between threads, so a worker's reader
/// opens the repository once for itself; the reader of the thread that enumerates the source borrows the source's own
/// instance instead (not disposed here): opening a repository costs about 1.5 ms, most of a pre-commit hook's
/// one-blob read.</summary>
internal sealed class ManagedBlobReader : IContentReader
{
    private readonly Func<Repository> _open;
    private readonly Repository? _borrowed;
    private readonly string _missingHint;
    private Repository? _repository;

    /// <param name="open">Opens a repository of this reader's own, on first use.</param>
    /// <param name="borrowed">The enumerating thread's repository, to read through instead.</param>
    /// <param name="missingHint">Said after "is missing from the object database" (a partial clone's remote).</param>
    public ManagedBlobReader(Func<Repository> open, Repository? borrowed, string missingHint)
    {
        _open = open;
        _borrowed = borrowed;
        _repository = borrowed;
        _missingHint = missingHint;
    }

    public Stream Open(ContentRef content)
    {
        if (content is not BlobRef blob)
        {
            throw new ArgumentException($"a git reader cannot open {content.GetType().Name}", nameof(content));
        }

        var stream = Open(_repository ??= _open(), blob.Id, blob.Path);
        if (stream is UnmanagedMemoryStream inPlace)
        {
            BlobIntegrity.Verify(inPlace, blob.Id, blob.Path);
        }

        return stream;
    }

    private Stream Open(Repository repository, ObjectId id, string path)
    {
        Blob? blob;
        try
        {
            blob = repository.Lookup<Blob>(id);
        }
        catch (LibGit2SharpException ex)
        {
            throw new ObjectReadException($"cannot read blob {id.Sha} ({path}): {ManagedRepository.OneLine(ex.Message)}", ex);
        }

        if (blob is null)
        {
            throw new ObjectReadException($"blob {id.Sha} ({path}) is missing from the object database{_missingHint}");
        }

        try
        {
            return blob.GetContentStream();
        }
        catch (LibGit2SharpException ex)
        {
            throw new ObjectReadException($"cannot read blob {id.Sha} ({path}): {ManagedRepository.OneLine(ex.Message)}", ex);
        }
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_repository, _borrowed))
        {
            _repository?.Dispose();
        }
    }
}
