using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Native;

/// <summary>Decides whether the direct libgit2 calls can be trusted for a repository: the library must load, and
/// what they read of a tree and a blob must equal what LibGit2Sharp reads. Anything else (another libgit2 build,
/// a platform without the library) falls back to LibGit2Sharp alone. LINQ_SECRET_SCAN_MANAGED_GIT=1 forces the
/// fallback and LINQ_SECRET_SCAN_MANAGED_GIT=0 makes a failed check an error (the tests run both ways).</summary>
internal static class NativeGit
{
    /// <summary>A native handle on the repository when the direct calls agree with LibGit2Sharp there (the caller
    /// owns it and can read with it), or null to use LibGit2Sharp alone.</summary>
    /// <param name="trees">Also check the tree walker (history uses it; the other sources only read blobs).</param>
    public static NativeRepository? TryOpen(Repository managed, string path, bool trees)
    {
        string? choice = Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_MANAGED_GIT");
        if (choice == "1")
        {
            return null;
        }

        string failure;
        NativeRepository? native = null;
        try
        {
            native = NativeRepository.Open(path);
            if (Agrees(managed, native, trees))
            {
                return native;
            }

            failure = "the direct libgit2 calls read something else than LibGit2Sharp";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
            or ScanException or ObjectReadException or LibGit2SharpException)
        {
            failure = $"{ex.GetType().Name}: {ex.Message}";
        }

        native?.Dispose();
        return choice == "0" ? throw new ScanException($"direct libgit2 access required but unusable: {failure}") : null;
    }

    private static bool Agrees(Repository managed, NativeRepository native, bool trees)
    {
        var tree = managed.Head?.Tip?.Tree;
        if (tree is null)
        {
            return true;
        }

        var expected = new List<(string Path, ObjectId Blob)>();
        Collect(tree, string.Empty, expected, limit: trees ? 64 : 1);
        if (expected.Count == 0)
        {
            return true;
        }

        if (trees)
        {
            var walked = new List<(string Path, ObjectId Blob)>();
            var problems = new List<string>();
            new NativeTreeWalker(native).NewBlobs(tree.Id, walked, problems);
            var walkedSet = walked.ToHashSet();
            if (problems.Count > 0 || !expected.TrueForAll(walkedSet.Contains))
            {
                return false;
            }
        }

        var (samplePath, sampleId) = expected[0];
        using var nativeStream = NativeContentReader.Open(native, new BlobRef(sampleId, samplePath));
        using var managedStream = managed.Lookup<Blob>(sampleId).GetContentStream();
        return StreamsEqual(nativeStream, managedStream);
    }

    /// <summary>The files of a tree as LibGit2Sharp sees them (a sample is enough to catch a layout mismatch).</summary>
    private static void Collect(Tree tree, string prefix, List<(string Path, ObjectId Blob)> into, int limit)
    {
        foreach (var entry in tree)
        {
            if (into.Count >= limit)
            {
                return;
            }

            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                Collect((Tree)entry.Target, prefix + entry.Name + "/", into, limit);
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob && GitChanges.IsFile(entry.Mode))
            {
                into.Add((prefix + entry.Name, entry.Target.Id));
            }
        }
    }

    private static bool StreamsEqual(Stream a, Stream b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var left = new byte[a.Length];
        var right = new byte[b.Length];
        a.ReadExactly(left);
        b.ReadExactly(right);
        return left.AsSpan().SequenceEqual(right);
    }
}
