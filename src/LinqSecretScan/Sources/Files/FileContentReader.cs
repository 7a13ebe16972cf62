using Microsoft.Win32.SafeHandles;

namespace LinqSecretScan.Sources.Files;

/// <summary>Reads files on disk. A file whose listing says it is empty is not opened: that is every FIFO, socket
/// and device, which .NET cannot tell from a regular file and whose read could block forever; a regular empty
/// file has nothing to find anyway. Files are read without buffering through the handle, with the length the
/// listing gave, so a small file costs an open, a read and a close.</summary>
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
            long length = file.Length ?? new FileInfo(file.FullPath).Length;
            if (length == 0)
            {
                return new MemoryStream([], writable: false);
            }

            var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);
            return new HandleStream(handle, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObjectReadException($"cannot read {file.Path}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
    }

    /// <summary>A read-only stream over a file handle with a length fixed when it was listed: no buffer, no seek,
    /// no stat. A file that grew since is read up to that length; one that shrank ends early.</summary>
    private sealed class HandleStream(SafeFileHandle handle, long length) : ForwardOnlyStream(length)
    {
        protected override int ReadNext(Span<byte> buffer) => RandomAccess.Read(handle, buffer, Position);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
