namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A copy of this repository's files as they are in the work tree (tracked and new, not ignored), made once
/// per run. Tests that pack the tool build there, so they never race the in-place NativeAOT publish over
/// src/LinqSecretScan/obj.</summary>
internal static class SourceCopy
{
    private static readonly Lazy<string> Copy = new(Make);

    public static string Root => Copy.Value;

    /// <summary>A git repository holding one commit of the work tree as it is (tracked and new files, not ignored): what
    /// pre-commit clones as a hook repository, so it builds what is being tested rather than the last commit.</summary>
    public static string CommittedRepository()
    {
        string root = CopyWorkTree("hook-repo");
        foreach (string[] git in (string[][])[["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "the work tree under test"]])
        {
            var result = ProcessRunner.Run("git", git, root);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"git {string.Join(' ', git)} in the source copy failed: {result}");
            }
        }

        return root;
    }

    private static string Make() => CopyWorkTree("src");

    private static string CopyWorkTree(string prefix)
    {
        var listed = ProcessRunner.Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepositoryPaths.Root);
        if (listed.ExitCode != 0)
        {
            throw new InvalidOperationException($"cannot list the repository's files: {listed}");
        }

        string root = TempDirectories.Create(prefix);
        foreach (var file in listed.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            string source = Path.Combine(RepositoryPaths.Root, file);
            if (!File.Exists(source))
            {
                continue;
            }

            string target = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }

        return root;
    }
}
