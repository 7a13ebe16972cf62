using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git.Native;

/// <summary>Finds the (path, blob) pairs a commit's tree has that no tree walked before had at that path. Each
/// (tree, path) is read once: a subtree that did not change since an earlier commit is skipped whole, so a
/// history costs about the trees it contains, not commits × files. It owns <paramref name="repository"/>.</summary>
internal sealed class NativeTreeWalker(NativeRepository repository) : IDisposable
{
    private const int FileMode = 0x81A4;
    private const int ExecutableFileMode = 0x81ED;
    private const int GroupWritableFileMode = 0x81B4;

    private readonly HashSet<(ContentKey Tree, string Prefix)> _visitedTrees = [];
    private readonly HashSet<(string Path, ContentKey Blob)> _seen = [];

    public void NewBlobs(ObjectId rootTree, List<(string Path, ObjectId Blob)> found, List<string> problems) =>
        Walk(rootTree.RawId, string.Empty, found, problems);

    private unsafe void Walk(byte[] treeId, string prefix, List<(string Path, ObjectId Blob)> found, List<string> problems)
    {
        if (!_visitedTrees.Add((ContentKey.FromBlobId(treeId), prefix)))
        {
            return;
        }

        nint tree;
        int result;
        fixed (byte* oid = treeId)
        {
            result = LibGit2.git_tree_lookup(out tree, repository.Handle, oid);
        }

        if (result < 0)
        {
            problems.Add($"cannot read tree {Convert.ToHexStringLower(treeId)} ({(prefix.Length == 0 ? "/" : prefix)}): {LibGit2.LastError()}");
            return;
        }

        try
        {
            nuint count = LibGit2.git_tree_entrycount(tree);
            for (nuint i = 0; i < count; i++)
            {
                nint entry = LibGit2.git_tree_entry_byindex(tree, i);
                int type = LibGit2.git_tree_entry_type(entry);
                var id = new ReadOnlySpan<byte>((void*)LibGit2.git_tree_entry_id(entry), 20);
                if (type == LibGit2.ObjectTree)
                {
                    string name = Marshal.PtrToStringUTF8(LibGit2.git_tree_entry_name(entry)) ?? string.Empty;
                    Walk(id.ToArray(), prefix + name + "/", found, problems);
                }
                else if (type == LibGit2.ObjectBlob
                    && LibGit2.git_tree_entry_filemode(entry) is FileMode or ExecutableFileMode or GroupWritableFileMode)
                {
                    string path = prefix + Marshal.PtrToStringUTF8(LibGit2.git_tree_entry_name(entry));
                    if (_seen.Add((path, ContentKey.FromBlobId(id))))
                    {
                        found.Add((path, new ObjectId(id.ToArray())));
                    }
                }
            }
        }
        finally
        {
            LibGit2.git_tree_free(tree);
        }
    }

    public void Dispose() => repository.Dispose();
}
