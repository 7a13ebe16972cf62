using System.Text;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git.Managed;

/// <summary>The paths where the index can differ from HEAD's tree, found the way git avoids reading unchanged
/// trees: a directory whose cache-tree entry is valid and names the same tree as HEAD has no change below it (git
/// invalidates the entry of every directory above a path it stages, and `git commit` writes a valid cached tree
/// as it is, so this is exactly as trustworthy as the commit itself). libgit2's index-to-tree diff does not use
/// the cache-tree: it reads every tree of HEAD, ~330 tree objects and 4–5 ms of a 20 ms hook run in a 1,500-file
/// repository (bench/run.sh, staged row). Given these paths as an exact path list, libgit2 reads only the trees on
/// the way to them and makes the same diff, renames included (both sides of a rename are in the list).</summary>
internal static class StagedPathspec
{
    /// <summary>Above this many paths the list gains nothing over the full diff.</summary>
    public const int MaxPaths = 1024;

    /// <summary>The candidate paths ('/'-separated, repository-relative), or null when the full diff must run: the
    /// list would be too long, a name cannot be matched exactly (not UTF-8), the tree is too deep, or an
    /// unchanged tree is missing from the object database (the full diff then reports the corruption).</summary>
    public static List<string>? Candidates(IndexFile index, Tree head, ObjectDatabase objects)
    {
        var paths = new List<string>();
        return new Walker(index, objects, paths).Walk(string.Empty, head, index.CacheTree, new Range(0, index.Count, 0), 0) ? paths : null;
    }

    /// <summary>The index entries [<paramref name="Start"/>, <paramref name="End"/>) under one directory, whose
    /// path (with its '/') is the first <paramref name="PrefixBytes"/> bytes of each. The index is sorted by path,
    /// so the entries under a directory are always contiguous.</summary>
    private readonly record struct Range(int Start, int End, int PrefixBytes);

    private sealed class Walker(IndexFile index, ObjectDatabase objects, List<string> paths)
    {
        /// <summary>Adds the paths below <paramref name="prefix"/> that may differ; false to give up.</summary>
        public bool Walk(string prefix, Tree? head, IndexFile.CacheTreeNode? cache, Range? staged, int depth)
        {
            if (depth > IndexFile.MaxDepth)
            {
                return false;
            }

            if (staged is not null && head is not null && cache?.Id is { } cached && head.Id.RawId.AsSpan().SequenceEqual(cached))
            {
                // Unchanged, so not read; but a missing tree object still sends the scan to the full diff, which
                // reports the repository as corrupt (exit 2). Trees further down are not looked at, as git does not.
                return objects.Contains(head.Id);
            }

            var (files, dirs) = staged is { } range ? Children(range) : ([], []);
            var headNames = new HashSet<string>(StringComparer.Ordinal);
            if (head is not null)
            {
                foreach (var entry in head)
                {
                    string name = entry.Name;
                    if (name.Contains('\uFFFD', StringComparison.Ordinal))
                    {
                        return false; // not UTF-8: the path list could not name it exactly
                    }

                    bool isTree = entry.TargetType == TreeEntryTargetType.Tree;
                    headNames.Add(isTree ? name + "/" : name);
                    if (isTree)
                    {
                        Range? below = dirs.TryGetValue(name, out var found) ? found : null;
                        IndexFile.CacheTreeNode? cacheBelow = null;
                        _ = cache?.Children.TryGetValue(name, out cacheBelow);
                        if (!Walk(prefix + name + "/", (Tree)entry.Target, cacheBelow, below, depth + 1))
                        {
                            return false;
                        }
                    }
                    else if (!files.TryGetValue(name, out int i)
                        || index.Mode(i) != (int)entry.Mode
                        || !index.Id(i).SequenceEqual(entry.Target.Id.RawId))
                    {
                        if (!Add(prefix + name))
                        {
                            return false;
                        }
                    }
                }
            }

            foreach (string name in files.Keys)
            {
                if (!headNames.Contains(name) && !Add(prefix + name))
                {
                    return false;
                }
            }

            foreach (var (name, below) in dirs)
            {
                if (!headNames.Contains(name + "/") && !Walk(prefix + name + "/", null, null, below, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The files (entry numbers) and directories (ranges) directly in a directory of the index.</summary>
        private (Dictionary<string, int> Files, Dictionary<string, Range> Dirs) Children(Range range)
        {
            var files = new Dictionary<string, int>(StringComparer.Ordinal);
            var dirs = new Dictionary<string, Range>(StringComparer.Ordinal);
            for (int i = range.Start; i < range.End;)
            {
                var rest = index.Path(i)[range.PrefixBytes..];
                int slash = rest.IndexOf((byte)'/');
                if (slash < 0)
                {
                    files[Encoding.UTF8.GetString(rest)] = i++;
                    continue;
                }

                int prefixBytes = range.PrefixBytes + slash + 1;
                var dirPrefix = index.Path(i)[..prefixBytes];
                int next = i + 1;
                while (next < range.End && index.Path(next).StartsWith(dirPrefix))
                {
                    next++;
                }

                dirs[Encoding.UTF8.GetString(rest[..slash])] = new Range(i, next, prefixBytes);
                i = next;
            }

            return (files, dirs);
        }

        private bool Add(string path)
        {
            paths.Add(path);
            return paths.Count <= MaxPaths;
        }
    }
}
