using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>Where a repository is, found the way git finds it: `GIT_DIR` (with `GIT_WORK_TREE`), or the nearest folder
/// upwards that holds `.git` (a folder, or a file pointing at one), or a folder that is itself a git directory (bare
/// repositories, or a hook running inside `.git`). Repository.Discover is not used: it returns null under NativeAOT.</summary>
/// <param name="OpenPath">What LibGit2Sharp opens: the work tree, or the git directory.</param>
/// <param name="WorkTree">The work tree; null for a bare repository.</param>
/// <param name="GitDirectory">The repository's own git directory (a linked worktree's is under the main one's).</param>
/// <param name="CommonDirectory">Where the configuration, objects and refs of all worktrees are.</param>
internal sealed record GitLocation(string OpenPath, string? WorkTree, string GitDirectory, string CommonDirectory)
{
    public static GitLocation Find(HostEnvironment host, string? explicitPath)
    {
        string start;
        if (explicitPath is not null)
        {
            start = host.FullPath(explicitPath);
            if (!Directory.Exists(start))
            {
                throw new ScanException($"not a directory: {explicitPath}");
            }
        }
        else
        {
            if (host.Variable("GIT_DIR") is { } gitDir)
            {
                string full = host.FullPath(gitDir);
                if (!Directory.Exists(full) && !File.Exists(full))
                {
                    throw new ScanException($"GIT_DIR points at {gitDir}, which does not exist");
                }

                return At(full, host.Variable("GIT_WORK_TREE") is { } workTree ? host.FullPath(workTree) : null);
            }

            start = host.WorkingDirectory;
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit) || File.Exists(dotGit))
            {
                return At(dir.FullName, dir.FullName);
            }

            if (IsGitDirectory(dir.FullName))
            {
                return At(dir.FullName, null);
            }
        }

        throw new ScanException($"not a git repository (or any parent up to /): {start}");
    }

    /// <summary>The repository opened at <paramref name="openPath"/> (a work tree or a git directory).</summary>
    public static GitLocation At(string openPath, string? workTree)
    {
        string gitDirectory = GitDirectoryOf(openPath);
        return new GitLocation(openPath, workTree, gitDirectory, CommonDirectoryOf(gitDirectory));
    }

    /// <summary>The index git uses: GIT_INDEX_FILE when set, as git does for hooks (relative paths are relative to the
    /// current directory, which git sets to the work tree root for hooks), the repository's own otherwise.</summary>
    public string IndexFile(HostEnvironment host)
    {
        if (host.Variable("GIT_INDEX_FILE") is not { } value)
        {
            return Path.Combine(GitDirectory, "index");
        }

        if (Path.IsPathRooted(value))
        {
            return value;
        }

        string fromCwd = host.FullPath(value);
        return File.Exists(fromCwd) || WorkTree is null ? fromCwd : Path.GetFullPath(value, WorkTree);
    }

    /// <summary>The git directory behind a work tree (`.git`, or the folder a `.git` file names), or the path itself.</summary>
    private static string GitDirectoryOf(string openPath)
    {
        string dotGit = Path.Combine(openPath, ".git");
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }

        if (File.Exists(dotGit) && ReadFirstLine(dotGit) is { } line && line.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            return Path.GetFullPath(line["gitdir:".Length..].Trim(), openPath);
        }

        return openPath;
    }

    /// <summary>A linked worktree's git directory names the shared one in its `commondir` file.</summary>
    private static string CommonDirectoryOf(string gitDirectory)
    {
        string commonFile = Path.Combine(gitDirectory, "commondir");
        return File.Exists(commonFile) && ReadFirstLine(commonFile) is { Length: > 0 } common
            ? Path.GetFullPath(common.Trim(), gitDirectory)
            : gitDirectory;
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsGitDirectory(string path) =>
        File.Exists(Path.Combine(path, "HEAD"))
        && Directory.Exists(Path.Combine(path, "objects"))
        && Directory.Exists(Path.Combine(path, "refs"));
}
