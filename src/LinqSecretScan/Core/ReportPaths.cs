namespace LinqSecretScan.Core;

/// <summary>Paths in reports and fingerprints are git's: relative to the root, `/` between parts, whatever the OS
/// (gitleaks #1565 is what happens otherwise: the same finding under two fingerprints). LibGit2Sharp and
/// System.IO hand out native paths, `src\app.py` on Windows, so every source passes its paths through here. On Linux
/// and macOS a `\` is an ordinary file-name character and is kept.</summary>
internal static class ReportPaths
{
    public static string FromNative(string path) => FromNative(path, Path.DirectorySeparatorChar);

    internal static string FromNative(string path, char separator) =>
        separator == '/' ? path : path.Replace(separator, '/');
}
