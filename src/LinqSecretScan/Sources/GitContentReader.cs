using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>Reads blobs through its own Repository instance: LibGit2Sharp objects are not shared between
/// threads, so each worker opens the repository once for itself.</summary>
internal sealed class GitContentReader(GitRepositoryLocator.Location location) : IContentReader
{
    private Repository? _repository;

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

    public void Dispose() => _repository?.Dispose();
}
