namespace LinqSecretScan.Sources;

/// <summary>Identifies identical content: a blob id in 20 bytes (kept as numbers, not a 40-character string: a
/// history audit keeps one per distinct blob).</summary>
internal readonly record struct ContentKey(ulong High, ulong Low, uint Tail)
{
    public static ContentKey FromBlobId(ReadOnlySpan<byte> id) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(id),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(id[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(id[16..]));
}
