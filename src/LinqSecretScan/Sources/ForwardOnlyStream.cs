namespace LinqSecretScan.Sources;

/// <summary>A read-only, forward-only stream of a length known before reading (a listed file, a blob git announced):
/// reads never go past it. Subclasses only read the next bytes (<see cref="ReadNext"/>).</summary>
internal abstract class ForwardOnlyStream(long length) : Stream
{
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

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        int read = ReadNext(buffer[..wanted]);
        _position += read;
        return read;
    }

    /// <summary>Reads the bytes at <see cref="Position"/> into a non-empty buffer no longer than what is left; 0 when
    /// the source has nothing more.</summary>
    protected abstract int ReadNext(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
