using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>The paths where the index can differ from HEAD's tree, found the way git avoids reading unchanged
/// trees: a directory whose cache-tree entry is valid and names the same tree as HEAD has no change below it (git
/// invalidates the entry of every directory above a path it stages, and `git commit` writes a valid cached tree
/// as it is, so this is exactly as trustworthy as the commit itself). libgit2's index-to-tree diff does not use
/// the cache-tree: it reads every tree of HEAD, ~330 tree objects and 4–5 ms of a 15 ms hook run in a 1,500-file
/// repository (bench/run.sh, staged row). Given these paths as an exact path list, libgit2 reads only the trees on
/// the way to them and makes the same diff, renames included (both sides of a rename are in the list).</summary>
internal static class StagedPathspec
{
    /// <summary>Above this many paths the list gains nothing over the full diff.</summary>
    public const int MaxPaths = 1024;

    /// <summary>The candidate paths ('/'-separated, repository-relative), or null when the full diff must run: the
    /// list would be too long, or a name cannot be matched exactly (not UTF-8, too deep).</summary>
    public static List<string>? Candidates(IndexFile index, Tree head, ObjectDatabase objects)
    {
        var paths = new List<string>();
        return Walk(string.Empty, head, index.CacheTree, Dir.Build(index.Entries), objects, paths, 0) ? paths : null;
    }

    /// <summary>Adds the paths below <paramref name="prefix"/> that may differ; false to give up.</summary>
    private static bool Walk(string prefix, Tree? head, IndexFile.CacheTreeNode? cache, Dir? index, ObjectDatabase objects, List<string> paths, int depth)
    {
        if (depth > IndexFile.MaxDepth)
        {
            return false;
        }

        if (index is not null && head is not null && cache?.Id is { } cached && head.Id.RawId.AsSpan().SequenceEqual(cached))
        {
            // Unchanged, so not read; but a missing tree object still sends the scan to the full diff, which reports
            // the repository as corrupt (exit 2) as before. Trees further down are not looked at, as git does not.
            return objects.Contains(head.Id);
        }

        var headFiles = new HashSet<string>(StringComparer.Ordinal);
        var headDirs = new HashSet<string>(StringComparer.Ordinal);
        if (head is not null)
        {
            foreach (var entry in head)
            {
                string name = entry.Name;
                if (name.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    return false; // not UTF-8: the path list could not name it exactly
                }

                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    headDirs.Add(name);
                    Dir? below = null;
                    IndexFile.CacheTreeNode? cacheBelow = null;
                    _ = index?.Dirs.TryGetValue(name, out below);
                    _ = cache?.Children.TryGetValue(name, out cacheBelow);
                    if (!Walk(prefix + name + "/", (Tree)entry.Target, cacheBelow, below, objects, paths, depth + 1))
                    {
                        return false;
                    }

                    continue;
                }

                headFiles.Add(name);
                if (index is null
                    || !index.Files.TryGetValue(name, out var staged)
                    || staged.Mode != (int)entry.Mode
                    || !entry.Target.Id.RawId.AsSpan().SequenceEqual(staged.Id))
                {
                    if (!Add(paths, prefix + name))
                    {
                        return false;
                    }
                }
            }
        }

        if (index is null)
        {
            return true;
        }

        foreach (string name in index.Files.Keys)
        {
            if (!headFiles.Contains(name) && !Add(paths, prefix + name))
            {
                return false;
            }
        }

        foreach (var (name, below) in index.Dirs)
        {
            if (!headDirs.Contains(name) && !Walk(prefix + name + "/", null, null, below, objects, paths, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Add(List<string> paths, string path)
    {
        paths.Add(path);
        return paths.Count <= MaxPaths;
    }

    /// <summary>The index entries as directories of files and subdirectories.</summary>
    private sealed class Dir
    {
        public Dictionary<string, IndexFile.Entry> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Dir> Dirs { get; } = new(StringComparer.Ordinal);

        public static Dir Build(List<IndexFile.Entry> entries)
        {
            var root = new Dir();
            foreach (var entry in entries)
            {
                var dir = root;
                int start = 0;
                for (int slash; (slash = entry.Path.IndexOf('/', start)) >= 0; start = slash + 1)
                {
                    string name = entry.Path[start..slash];
                    if (!dir.Dirs.TryGetValue(name, out var below))
                    {
                        below = new Dir();
                        dir.Dirs[name] = below;
                    }

                    dir = below;
                }

                dir.Files[entry.Path[start..]] = entry;
            }

            return root;
        }
    }
}
