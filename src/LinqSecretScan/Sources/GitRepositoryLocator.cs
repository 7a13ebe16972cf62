using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>Finds the repository for a start directory the way git does: the nearest folder upwards that holds
/// `.git` (a folder, or a file pointing at one), or a folder that is itself a git directory (bare repositories,
/// or a hook running inside `.git`). Repository.Discover is not used: it returns null under NativeAOT.</summary>
internal static class GitRepositoryLocator
{
    public sealed record Location(string OpenPath, string? WorkTree);

    public static Location Find(string? explicitPath)
    {
        string start;
        if (explicitPath is not null)
        {
            start = Path.GetFullPath(explicitPath);
            if (!Directory.Exists(start))
            {
                throw new ScanException($"not a directory: {explicitPath}");
            }
        }
        else
        {
            string? gitDir = Environment.GetEnvironmentVariable("GIT_DIR");
            if (!string.IsNullOrEmpty(gitDir))
            {
                string full = Path.GetFullPath(gitDir);
                string? workTree = Environment.GetEnvironmentVariable("GIT_WORK_TREE");
                if (!Directory.Exists(full) && !File.Exists(full))
                {
                    throw new ScanException($"GIT_DIR points at {gitDir}, which does not exist");
                }

                return new Location(full, string.IsNullOrEmpty(workTree) ? null : Path.GetFullPath(workTree));
            }

            start = Directory.GetCurrentDirectory();
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit) || File.Exists(dotGit))
            {
                return new Location(dir.FullName, dir.FullName);
            }

            if (IsGitDirectory(dir.FullName))
            {
                return new Location(dir.FullName, null);
            }
        }

        throw new ScanException($"not a git repository (or any parent up to /): {start}");
    }

    private static bool IsGitDirectory(string path) =>
        File.Exists(Path.Combine(path, "HEAD"))
        && Directory.Exists(Path.Combine(path, "objects"))
        && Directory.Exists(Path.Combine(path, "refs"));
}
