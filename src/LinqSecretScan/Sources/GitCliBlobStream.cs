using System.Diagnostics;

namespace LinqSecretScan.Sources;

/// <summary>The standard output of `git cat-file blob`, with the size git gave beforehand as its Length. Fewer bytes
/// than announced is a read error, never a short file; disposing stops git if the content was not read to the end.</summary>
internal sealed class GitCliBlobStream(Process process, long length, string what) : Stream
{
    private readonly Stream _output = process.StandardOutput.BaseStream;
    private readonly Task<string> _error = process.StandardError.ReadToEndAsync();
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        int read = _output.Read(buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        if (read == 0)
        {
            process.WaitForExit();
            string reason = _error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? $"git cat-file ended after {_position} of {length} bytes";
            throw new ObjectReadException($"{what}: {reason}");
        }

        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Stops a git whose output was not read to the end; on one that has exited, Kill does nothing.
            process.Kill();

            process.WaitForExit();
            process.Dispose();
        }

        base.Dispose(disposing);
    }
}
