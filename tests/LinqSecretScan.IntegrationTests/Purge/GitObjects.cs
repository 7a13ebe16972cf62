using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Purge;

/// <summary>What a repository holds, read with the git CLI: every object's content, and a commit's files.</summary>
internal static class GitObjects
{
    /// <summary>`git cat-file --batch-all-objects --batch`: every object of the repository (loose and packed,
    /// reachable or not), uncompressed, as one text.</summary>
    public static string AllObjects(string repository)
    {
        var result = ProcessRunner.Run("git", ["cat-file", "--batch-all-objects", "--batch"], repository);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut;
    }

    /// <summary>The same as raw bytes (for content that is not UTF-8).</summary>
    public static byte[] AllObjectBytes(string repository)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["cat-file", "--batch-all-objects", "--batch"])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return bytes.ToArray();
    }

    /// <summary>The files of a commit: path → content.</summary>
    public static SortedDictionary<string, string> Files(string repository, string commit)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var list = ProcessRunner.Run("git", ["ls-tree", "-r", "-z", "--full-tree", commit], repository);
        Assert.True(list.ExitCode == 0, list.ToString());
        foreach (string entry in list.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int tab = entry.IndexOf('\t', StringComparison.Ordinal);
            string[] meta = entry[..tab].Split(' ');
            var blob = ProcessRunner.Run("git", ["cat-file", "blob", meta[2]], repository);
            files[entry[(tab + 1)..]] = blob.StdOut;
        }

        return files;
    }

    /// <summary>filter-repo's map of rewritten commits (old → new; a pruned commit maps to zeros).</summary>
    public static Dictionary<string, string> CommitMap(string gitDirectory)
    {
        string path = Path.Combine(gitDirectory, "filter-repo", "commit-map");
        return File.ReadAllLines(path, Encoding.UTF8)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    public static string Message(string repository, string commit) =>
        ProcessRunner.Run("git", ["log", "-1", "--format=%an <%ae> %at%n%B", commit], repository).StdOut;

    /// <summary>Runs the real git filter-repo (the Debian package git-filter-repo, which .ci/install-tools installs; a
    /// missing one fails the test).</summary>
    public static ProcessResult FilterRepo(string repository, params string[] arguments)
    {
        RequiredTools.Command("git-filter-repo", "git-filter-repo");
        return ProcessRunner.Run("git", ["filter-repo", .. arguments], repository, timeout: TimeSpan.FromMinutes(2));
    }
}
