using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>Reads blobs through its own Repository instance: LibGit2Sharp objects are not shared between
/// threads, so each worker opens the repository once for itself. The reader of the thread that enumerates the
/// source borrows the source's own instance instead (<paramref name="borrowed"/>, not disposed here): opening a
/// repository costs about 1.5 ms, most of a pre-commit hook's one-blob read.</summary>
internal sealed class GitContentReader(GitRepositoryLocator.Location location, Repository? borrowed = null) : IContentReader
{
    private readonly Repository? _borrowed = borrowed;
    private Repository? _repository = borrowed;

    public Stream Open(ContentRef content) => content switch
    {
        BlobRef blob => Verified(GitBlobReader.Open(_repository ??= GitRepositoryOpener.Open(location), blob.Id, blob.Path), blob),
        _ => throw new ArgumentException($"a git reader cannot open {content.GetType().Name}", nameof(content)),
    };

    private static Stream Verified(Stream stream, BlobRef blob)
    {
        if (stream is UnmanagedMemoryStream inPlace)
        {
            BlobIntegrity.Verify(inPlace, blob.Id, blob.Path);
        }

        return stream;
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_repository, _borrowed))
        {
            _repository?.Dispose();
        }
    }
}
