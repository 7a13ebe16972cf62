namespace LinqSecretScan.Tests.Fixtures;

internal static class Executables
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>A folder whose only entry is `linq-secret-scan`, a link to the scanner under test: put it on PATH and
    /// hook managers find the command the way a user's shell would.</summary>
    public static string ScannerOnPathFolder()
    {
        string folder = TempDirectories.Create("bin");
        File.CreateSymbolicLink(Path.Combine(folder, "linq-secret-scan"), Scanner.ExecutablePath);
        return folder;
    }
}
