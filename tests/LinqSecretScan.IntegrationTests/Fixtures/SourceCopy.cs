namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A copy of this repository's files as they are in the work tree (tracked and new, not ignored), made once
/// per run. Tests that pack the tool build there, so they never race the in-place NativeAOT publish over
/// src/LinqSecretScan/obj.</summary>
internal static class SourceCopy
{
    private static readonly Lazy<string> Copy = new(Make);

    public static string Root => Copy.Value;

    private static string Make()
    {
        var listed = ProcessRunner.Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepositoryPaths.Root);
        if (listed.ExitCode != 0)
        {
            throw new InvalidOperationException($"cannot list the repository's files: {listed}");
        }

        string root = TempDirectories.Create("src");
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
