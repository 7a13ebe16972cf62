namespace LinqSecretScan.Sources;

/// <summary>Reads files on disk. A file that stat says is empty is not opened: that is every FIFO, socket and
/// device, which .NET cannot tell from a regular file and whose read could block forever; a regular empty file
/// has nothing to find anyway.</summary>
internal sealed class FileContentReader : IContentReader
{
    public Stream Open(ContentRef content)
    {
        if (content is not FileRef file)
        {
            throw new ArgumentException($"a file reader cannot open {content.GetType().Name}", nameof(content));
        }

        try
        {
            if (new FileInfo(file.FullPath).Length == 0)
            {
                return new MemoryStream([], writable: false);
            }

            return new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObjectReadException($"cannot read {file.Path}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
    }
}
