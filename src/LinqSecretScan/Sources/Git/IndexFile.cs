using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace LinqSecretScan.Sources.Git;

/// <summary>A git index file (versions 2, 3 and 4, SHA-1 ids) as far as the scanner needs it. Its format: the version
/// and the mandatory extensions it uses (a split index's `link`, a sparse index's `sdir`), which decide whether
/// LibGit2Sharp can read it at all (<see cref="GitAccess"/>). And, for <see cref="Managed.StagedPathspec"/>, each
/// stage-0 entry's path, mode and blob id and the cache-tree ("TREE" extension), which records for each directory
/// whether its tree is known and which tree it is. This is not the source of what gets scanned: LibGit2Sharp still
/// reads the index and makes the diff; this only tells it which paths can differ from HEAD. Anything the narrowing is
/// not sure about (a conflict, an intent-to-add entry, a mandatory extension, a path that is not UTF-8, entries out of
/// order) makes <see cref="CanNarrow"/> false, and the caller then diffs everything.</summary>
internal sealed class IndexFile
{
    private const int IdLength = 20;

    /// <summary>Deeper than any path git accepts (4,096 bytes); a deeper cache-tree is not trusted.</summary>
    public const int MaxDepth = 2048;

    /// <summary>All paths together; index v4 could otherwise expand a small file into gigabytes of paths.</summary>
    private const int MaxPathBytes = 64 << 20;

    private readonly byte[] _paths;
    private readonly int[] _pathStarts;
    private readonly int[] _modes;
    private readonly byte[] _ids;

    private IndexFile(int version, IReadOnlyList<string> mandatoryExtensions, bool canNarrow, byte[] paths, int[] pathStarts, int[] modes, byte[] ids, CacheTreeNode? cacheTree)
    {
        Version = version;
        MandatoryExtensions = mandatoryExtensions;
        CanNarrow = canNarrow && mandatoryExtensions.Count == 0;
        _paths = paths;
        _pathStarts = pathStarts;
        _modes = modes;
        _ids = ids;
        CacheTree = cacheTree;
    }

    public int Version { get; }

    /// <summary>The extensions a reader must understand to read this index (their names start with a lower-case
    /// letter): `link` (split index), `sdir` (sparse index). LibGit2Sharp 0.32 knows none of them.</summary>
    public IReadOnlyList<string> MandatoryExtensions { get; }

    /// <summary>libgit2 reads index versions 2 to 4 and refuses any mandatory extension.</summary>
    public bool LibGit2CanRead => Version is >= 2 and <= 4 && MandatoryExtensions.Count == 0;

    /// <summary>The entries and the cache-tree can say exactly which paths may differ from HEAD.</summary>
    public bool CanNarrow { get; }

    /// <summary>The number of entries. They are in index order: sorted by path bytes, each path once.</summary>
    public int Count => _modes.Length;

    /// <summary>An entry's path: UTF-8 ('/'-separated), checked when the index was read.</summary>
    public ReadOnlySpan<byte> Path(int entry) => _paths.AsSpan(_pathStarts[entry], _pathStarts[entry + 1] - _pathStarts[entry]);

    public int Mode(int entry) => _modes[entry];

    public ReadOnlySpan<byte> Id(int entry) => _ids.AsSpan(entry * IdLength, IdLength);

    /// <summary>The root of the cache-tree, or null when the index has none.</summary>
    public CacheTreeNode? CacheTree { get; }

    /// <summary>One directory of the cache-tree: <see cref="Id"/> is its tree when the tree is known (git
    /// invalidates a directory and all its parents whenever an entry below it changes), null otherwise.</summary>
    public sealed class CacheTreeNode(byte[]? id)
    {
        public byte[]? Id { get; } = id;

        public Dictionary<string, CacheTreeNode> Children { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The index, or null when <paramref name="data"/> is not an index whose structure can be followed to
    /// its end (not one at all, truncated, corrupt).</summary>
    public static IndexFile? TryRead(byte[] data)
    {
        try
        {
            return Parse(data);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static IndexFile? Parse(byte[] data)
    {
        var span = data.AsSpan();
        if (span.Length < 12 + IdLength || !span[..4].SequenceEqual("DIRC"u8))
        {
            return null;
        }

        uint version = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        uint count = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
        if (version is < 2 or > 4 || count > (uint)span.Length / 62)
        {
            return null;
        }

        int end = span.Length - IdLength; // the trailing checksum
        int pos = 12;
        var paths = new ByteBuffer(Math.Min(data.Length, 1 << 20));
        var pathStarts = new int[count + 1];
        var modes = new int[count];
        var ids = new byte[count * IdLength];
        bool canNarrow = true;
        for (uint i = 0; i < count; i++)
        {
            int start = pos;
            if (pos + 62 > end)
            {
                return null;
            }

            modes[i] = (int)BinaryPrimitives.ReadUInt32BigEndian(span[(pos + 24)..]);
            span.Slice(pos + 40, IdLength).CopyTo(ids.AsSpan((int)i * IdLength));
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(span[(pos + 60)..]);
            pos += 62;
            if ((flags & 0x3000) != 0)
            {
                canNarrow = false; // a conflict: git would not commit this index either; let the full diff say so
            }

            if ((flags & 0x4000) != 0)
            {
                if (version < 3 || pos + 2 > end)
                {
                    return null;
                }

                ushort extended = BinaryPrimitives.ReadUInt16BigEndian(span[pos..]);
                pos += 2;
                if ((extended & 0x2000) != 0)
                {
                    canNarrow = false; // intent-to-add: kept out of the cache-tree, shown by git diff as an empty new file
                }
            }

            // the path goes to the end of `paths`; in index v4 it starts with part of the previous one, which ends there
            int previousStart = i == 0 ? 0 : pathStarts[i - 1];
            int pathStart = paths.Length;
            int nul;
            if (version == 4)
            {
                int strip = ReadOffset(span, ref pos, end);
                nul = span[pos..end].IndexOf((byte)0);
                if (strip > pathStart - previousStart || nul < 0)
                {
                    return null;
                }

                paths.AppendCopyOf(previousStart, pathStart - previousStart - strip);
                paths.Append(span.Slice(pos, nul));
                pos += nul + 1;
            }
            else
            {
                nul = span[pos..end].IndexOf((byte)0);
                if (nul < 0)
                {
                    return null;
                }

                paths.Append(span.Slice(pos, nul));
                pos = start + ((pos - start + nul + 8) & ~7); // NUL padding to a multiple of 8
            }

            if (pos > end || paths.Length > MaxPathBytes)
            {
                return null; // truncated, or paths beyond any index git writes
            }

            var path = paths.Span[pathStart..];
            if (!Utf8.IsValid(path) || (i > 0 && path.SequenceCompareTo(paths.Span[previousStart..pathStart]) <= 0))
            {
                canNarrow = false; // not UTF-8, or not in git's order (StagedPathspec relies on the order)
            }

            pathStarts[i] = pathStart;
        }

        pathStarts[count] = paths.Length;

        CacheTreeNode? cacheTree = null;
        var mandatory = new List<string>();
        while (pos + 8 <= end)
        {
            var signature = span.Slice(pos, 4);
            int size = checked((int)BinaryPrimitives.ReadUInt32BigEndian(span[(pos + 4)..]));
            pos += 8;
            if (size < 0 || pos + size > end)
            {
                return null;
            }

            if (signature.SequenceEqual("TREE"u8))
            {
                int treePos = pos;
                cacheTree = ReadCacheTree(span[..(pos + size)], ref treePos).Node;
            }
            else if (signature[0] is < (byte)'A' or > (byte)'Z')
            {
                mandatory.Add(Encoding.ASCII.GetString(signature)); // "link": split index, "sdir": sparse index
            }

            pos += size;
        }

        return pos == end ? new IndexFile((int)version, mandatory, canNarrow, paths.ToArray(), pathStarts, modes, ids, cacheTree) : null;
    }

    /// <summary>One cache-tree node and its subtrees: "name\0", entry count (-1: invalid), ' ', subtree count, '\n',
    /// then the tree id when valid.</summary>
    private static (string Name, CacheTreeNode Node) ReadCacheTree(ReadOnlySpan<byte> span, ref int pos, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("cache-tree too deep");
        }

        int nul = span[pos..].IndexOf((byte)0);
        int space = nul < 0 ? -1 : span[(pos + nul)..].IndexOf((byte)' ');
        int newline = space < 0 ? -1 : span[(pos + nul + space)..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw new FormatException("truncated cache-tree");
        }

        var nameBytes = span.Slice(pos, nul);
        string name = Utf8.IsValid(nameBytes) ? Encoding.UTF8.GetString(nameBytes) : throw new FormatException("cache-tree name is not UTF-8");
        int entryCount = int.Parse(span.Slice(pos + nul + 1, space - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int subtrees = int.Parse(span.Slice(pos + nul + space + 1, newline - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        pos += nul + space + newline + 1;
        byte[]? id = null;
        if (entryCount >= 0)
        {
            id = span.Slice(pos, IdLength).ToArray();
            pos += IdLength;
        }

        var node = new CacheTreeNode(id);
        for (int i = 0; i < subtrees; i++)
        {
            var (childName, child) = ReadCacheTree(span, ref pos, depth + 1);
            node.Children[childName] = child;
        }

        return (name, node);
    }

    /// <summary>Index v4's variable-length integer (git's "offset" encoding, not LEB128).</summary>
    private static int ReadOffset(ReadOnlySpan<byte> span, ref int pos, int end)
    {
        if (pos >= end)
        {
            throw new FormatException("truncated entry");
        }

        int c = span[pos++];
        int value = c & 0x7f;
        while ((c & 0x80) != 0)
        {
            if (pos >= end || value > (int.MaxValue >> 8))
            {
                throw new FormatException("bad offset");
            }

            c = span[pos++];
            value = ((value + 1) << 7) | (c & 0x7f);
        }

        return value;
    }

    /// <summary>A growable byte array whose contents can be appended to from itself (index v4 paths).</summary>
    private sealed class ByteBuffer(int capacity)
    {
        private byte[] _bytes = new byte[Math.Max(capacity, 256)];

        public int Length { get; private set; }

        public Span<byte> Span => _bytes.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            Reserve(bytes.Length);
            bytes.CopyTo(_bytes.AsSpan(Length));
            Length += bytes.Length;
        }

        public void AppendCopyOf(int start, int length)
        {
            Reserve(length);
            _bytes.AsSpan(start, length).CopyTo(_bytes.AsSpan(Length));
            Length += length;
        }

        public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

        private void Reserve(int more)
        {
            if (Length + more > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(checked(Length + more), _bytes.Length * 2));
            }
        }
    }
}
