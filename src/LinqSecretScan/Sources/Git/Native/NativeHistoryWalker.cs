using System.Buffers;
using System.Text;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git.Native;

/// <summary>The history's commits, parents first, and for each the (path, blob) pairs it introduced: the regular files
/// of its tree whose blob no parent has at that path. The trees are compared as git compares them (a subtree with the
/// same id as a parent's is skipped whole), with every parent at once, so a merge introduces only what its resolution
/// made; nothing is remembered from one commit to the next. Every (path, blob) of every commit is covered: a pair is
/// either introduced by its commit or present in a parent, which came earlier and had it covered. Trees are read
/// raw from the object database and parsed here, without the per-commit allocations of libgit2's tree objects. It owns
/// <paramref name="repository"/>.</summary>
internal sealed unsafe class NativeHistoryWalker(NativeRepository repository) : IDisposable
{
    private const int TreeMode = 0x4000;
    private const int FileMode = 0x81A4;
    private const int ExecutableFileMode = 0x81ED;
    private const int GroupWritableFileMode = 0x81B4;

    private nint _odb;
    private byte[] _path = new byte[512];

    /// <summary>Trees read (each side of each comparison) and (path, blob) pairs introduced, for the statistics.</summary>
    public long TreesRead { get; private set; }

    public long PairsIntroduced { get; private set; }

    private nint Odb
    {
        get
        {
            if (_odb == 0 && LibGit2.git_repository_odb(out _odb, repository.Handle) < 0)
            {
                throw new LibGit2SharpException($"cannot open the object database: {LibGit2.LastError()}");
            }

            return _odb;
        }
    }

    /// <summary>Starts a walk of every commit reachable from <paramref name="tips"/> and not from
    /// <paramref name="hidden"/>, parents first.</summary>
    public CommitWalk Walk(IEnumerable<ObjectId> tips, IEnumerable<ObjectId>? hidden = null)
    {
        if (LibGit2.git_revwalk_new(out nint walk, repository.Handle) < 0)
        {
            throw new LibGit2SharpException(LibGit2.LastError());
        }

        var commits = new CommitWalk(walk);
        try
        {
            if (LibGit2.git_revwalk_sorting(walk, LibGit2.SortParentsFirst) < 0)
            {
                throw new LibGit2SharpException(LibGit2.LastError());
            }

            foreach (var tip in tips)
            {
                fixed (byte* oid = tip.RawId)
                {
                    if (LibGit2.git_revwalk_push(walk, oid) < 0)
                    {
                        throw new LibGit2SharpException($"cannot walk from {tip.Sha}: {LibGit2.LastError()}");
                    }
                }
            }

            foreach (var commit in hidden ?? [])
            {
                fixed (byte* oid = commit.RawId)
                {
                    if (LibGit2.git_revwalk_hide(walk, oid) < 0)
                    {
                        throw new LibGit2SharpException($"cannot walk without {commit.Sha}: {LibGit2.LastError()}");
                    }
                }
            }
        }
        catch
        {
            commits.Dispose();
            throw;
        }

        return commits;
    }

    /// <summary>A commit's tree and its parents' trees (a parent whose commit cannot be read is left out, with a
    /// problem: what its tree holds is then reported as introduced here).</summary>
    public byte[]? TreesOf(byte[] commit, List<byte[]> parentTrees, List<string> problems)
    {
        parentTrees.Clear();
        var parents = new List<byte[]>();
        var tree = ReadCommit(commit, parents, problems);
        if (tree is null)
        {
            return null;
        }

        foreach (var parent in parents)
        {
            if (ReadCommit(parent, null, problems) is { } parentTree)
            {
                parentTrees.Add(parentTree);
            }
        }

        return tree;
    }

    private byte[]? ReadCommit(byte[] id, List<byte[]>? parents, List<string> problems)
    {
        int result;
        nint commit;
        fixed (byte* oid = id)
        {
            result = LibGit2.git_commit_lookup(out commit, repository.Handle, oid);
        }

        if (result < 0)
        {
            problems.Add($"cannot read commit {Convert.ToHexStringLower(id)}: {LibGit2.LastError()}");
            return null;
        }

        try
        {
            if (parents is not null)
            {
                uint count = LibGit2.git_commit_parentcount(commit);
                for (uint i = 0; i < count; i++)
                {
                    parents.Add(new ReadOnlySpan<byte>((void*)LibGit2.git_commit_parent_id(commit, i), 20).ToArray());
                }
            }

            return new ReadOnlySpan<byte>((void*)LibGit2.git_commit_tree_id(commit), 20).ToArray();
        }
        finally
        {
            LibGit2.git_commit_free(commit);
        }
    }

    /// <summary>Adds to <paramref name="found"/> the regular files of <paramref name="tree"/> whose blob none of
    /// <paramref name="parentTrees"/> has at the same path.</summary>
    public void Introduced(byte[] tree, List<byte[]> parentTrees, List<(string Path, ObjectId Blob)> found, List<string> problems)
    {
        var parents = new byte[]?[parentTrees.Count];
        for (int i = 0; i < parents.Length; i++)
        {
            parents[i] = parentTrees[i];
        }

        Compare(tree, parents, 0, found, problems);
    }

    private void Compare(byte[] treeId, byte[]?[] parentIds, int pathLength, List<(string Path, ObjectId Blob)> found, List<string> problems)
    {
        foreach (var parentId in parentIds)
        {
            if (parentId is not null && parentId.AsSpan().SequenceEqual(treeId))
            {
                return;
            }
        }

        using var tree = Read(treeId, pathLength, problems);
        if (tree is null)
        {
            return;
        }

        var parents = new RawTree?[parentIds.Length];
        try
        {
            for (int i = 0; i < parents.Length; i++)
            {
                // A parent's tree that cannot be read was reported when that parent was walked; here it counts as
                // absent, so whatever this tree holds is reported as introduced rather than silently skipped.
                parents[i] = parentIds[i] is { } parentId ? Read(parentId, pathLength, null) : null;
            }

            for (int e = 0; e < tree.Count; e++)
            {
                int mode = tree.Mode(e);
                bool isTree = mode == TreeMode;
                if (!isTree && !IsFile(mode))
                {
                    continue;
                }

                var id = tree.Id(e);
                bool inAParent = false;
                byte[]?[]? subtreeParents = isTree ? new byte[]?[parents.Length] : null;
                for (int p = 0; p < parents.Length && !inAParent; p++)
                {
                    if (parents[p] is not { } parent || parent.Find(tree, e) is not (>= 0 and int match))
                    {
                        continue;
                    }

                    int parentMode = parent.Mode(match);
                    if (isTree ? parentMode == TreeMode : IsFile(parentMode))
                    {
                        var parentEntryId = parent.Id(match);
                        inAParent = parentEntryId.SequenceEqual(id);
                        if (isTree)
                        {
                            subtreeParents![p] = parentEntryId.ToArray();
                        }
                    }
                }

                if (inAParent)
                {
                    continue;
                }

                var name = tree.Name(e);
                int length = Append(pathLength, name, isTree);
                if (isTree)
                {
                    Compare(id.ToArray(), subtreeParents!, length, found, problems);
                }
                else
                {
                    PairsIntroduced++;
                    found.Add((Encoding.UTF8.GetString(_path, 0, length), new ObjectId(id.ToArray())));
                }
            }
        }
        finally
        {
            foreach (var parent in parents)
            {
                parent?.Dispose();
            }
        }
    }

    private static bool IsFile(int mode) => mode is FileMode or ExecutableFileMode or GroupWritableFileMode;

    /// <summary>Puts <paramref name="name"/> (and a '/' after a directory) at <paramref name="at"/> in the path buffer;
    /// returns the new length.</summary>
    private int Append(int at, ReadOnlySpan<byte> name, bool directory)
    {
        int length = at + name.Length + (directory ? 1 : 0);
        if (length > _path.Length)
        {
            Array.Resize(ref _path, Math.Max(length, _path.Length * 2));
        }

        name.CopyTo(_path.AsSpan(at));
        if (directory)
        {
            _path[length - 1] = (byte)'/';
        }

        return length;
    }

    /// <summary>A tree, or null with a problem added (when <paramref name="problems"/> is given) if it cannot be read.</summary>
    private RawTree? Read(byte[] id, int pathLength, List<string>? problems)
    {
        int result;
        nint obj;
        fixed (byte* oid = id)
        {
            result = LibGit2.git_odb_read(out obj, Odb, oid);
        }

        TreesRead++;
        string? error = result < 0 ? LibGit2.LastError()
            : LibGit2.git_odb_object_type(obj) != LibGit2.ObjectTree ? "it is not a tree"
            : null;
        if (error is null)
        {
            var tree = RawTree.Parse(obj);
            if (tree is not null)
            {
                return tree;
            }

            error = "it is not a well-formed tree";
        }
        else if (result >= 0)
        {
            LibGit2.git_odb_object_free(obj);
        }

        problems?.Add($"cannot read tree {Convert.ToHexStringLower(id)} ({(pathLength == 0 ? "/" : Encoding.UTF8.GetString(_path, 0, pathLength))}): {error}");
        return null;
    }

    public void Dispose()
    {
        if (_odb != 0)
        {
            LibGit2.git_odb_free(_odb);
            _odb = 0;
        }

        repository.Dispose();
    }

    /// <summary>libgit2's walk of the commits, parents first.</summary>
    internal sealed class CommitWalk(nint walk) : IDisposable
    {
        private nint _walk = walk;

        /// <summary>The next commit's id, or null at the end; a commit that cannot be read is a
        /// <see cref="LibGit2SharpException"/>.</summary>
        public byte[]? Next()
        {
            var id = new byte[20];
            int result;
            fixed (byte* oid = id)
            {
                result = LibGit2.git_revwalk_next(oid, _walk);
            }

            return result == LibGit2.IterOver ? null
                : result < 0 ? throw new LibGit2SharpException(LibGit2.LastError())
                : id;
        }

        public void Dispose()
        {
            if (_walk != 0)
            {
                LibGit2.git_revwalk_free(_walk);
                _walk = 0;
            }
        }
    }

    /// <summary>A tree object as libgit2 read it, its entries parsed in place: the entries of a git tree are sorted by
    /// name, a directory's name compared as if it ended in '/'. An entry is looked up in a parent by walking both in
    /// that order; a tree git would not have written (unsorted) only makes entries look new, never hides one.</summary>
    private sealed class RawTree : IDisposable
    {
        private readonly nint _object;
        private readonly byte* _data;
        private readonly int[] _entries; // per entry: name start, name length, mode; the id follows the name's NUL
        private int _cursor;

        private RawTree(nint obj, byte* data, int[] entries, int count)
        {
            _object = obj;
            _data = data;
            _entries = entries;
            Count = count;
        }

        public int Count { get; }

        /// <summary>Parses <paramref name="obj"/>, which it then owns; null (and the object freed) when malformed.</summary>
        public static RawTree? Parse(nint obj)
        {
            byte* data = (byte*)LibGit2.git_odb_object_data(obj);
            int size = checked((int)LibGit2.git_odb_object_size(obj));
            var bytes = new ReadOnlySpan<byte>(data, size);
            int[] entries = ArrayPool<int>.Shared.Rent(Math.Max(3, size / 8));
            int count = 0;
            int at = 0;
            while (at < size)
            {
                int space = bytes[at..].IndexOf((byte)' ');
                int nul = space < 0 ? -1 : bytes[(at + space + 1)..].IndexOf((byte)0);
                if (space <= 0 || nul <= 0 || at + space + 1 + nul + 1 + 20 > size)
                {
                    ArrayPool<int>.Shared.Return(entries);
                    LibGit2.git_odb_object_free(obj);
                    return null;
                }

                int mode = 0;
                foreach (byte digit in bytes.Slice(at, space))
                {
                    mode = (mode << 3) | (digit - '0');
                }

                if ((count + 1) * 3 > entries.Length)
                {
                    int[] larger = ArrayPool<int>.Shared.Rent(entries.Length * 2);
                    entries.AsSpan(0, count * 3).CopyTo(larger);
                    ArrayPool<int>.Shared.Return(entries);
                    entries = larger;
                }

                entries[count * 3] = at + space + 1;
                entries[(count * 3) + 1] = nul;
                entries[(count * 3) + 2] = mode;
                count++;
                at += space + 1 + nul + 1 + 20;
            }

            return new RawTree(obj, data, entries, count);
        }

        public int Mode(int entry) => _entries[(entry * 3) + 2];

        public ReadOnlySpan<byte> Name(int entry) => new(_data + _entries[entry * 3], _entries[(entry * 3) + 1]);

        public ReadOnlySpan<byte> Id(int entry) => new(_data + _entries[entry * 3] + _entries[(entry * 3) + 1] + 1, 20);

        /// <summary>The entry of this tree with the same name and kind (directory or not) as <paramref name="other"/>'s
        /// entry <paramref name="entry"/>, or -1. Calls must come in the other tree's order.</summary>
        public int Find(RawTree other, int entry)
        {
            var name = other.Name(entry);
            bool directory = other.Mode(entry) == TreeMode;
            while (_cursor < Count)
            {
                int order = Compare(Name(_cursor), Mode(_cursor) == TreeMode, name, directory);
                if (order == 0)
                {
                    return _cursor;
                }

                if (order > 0)
                {
                    return -1;
                }

                _cursor++;
            }

            return -1;
        }

        /// <summary>git's order of tree entries (base_name_compare).</summary>
        private static int Compare(ReadOnlySpan<byte> a, bool aDirectory, ReadOnlySpan<byte> b, bool bDirectory)
        {
            int common = Math.Min(a.Length, b.Length);
            int order = a[..common].SequenceCompareTo(b[..common]);
            if (order != 0)
            {
                return order;
            }

            int ca = a.Length > common ? a[common] : aDirectory ? '/' : 0;
            int cb = b.Length > common ? b[common] : bDirectory ? '/' : 0;
            return ca.CompareTo(cb);
        }

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(_entries);
            LibGit2.git_odb_object_free(_object);
        }
    }
}
