using System.Text;

namespace LinqSecretScan.Purge;

/// <summary>The lines of paths.txt: the committed .env-style files, one path per line, for
/// <c>git filter-repo --invert-paths --paths-from-file</c>, which then drops those files from every commit.</summary>
/// <remarks>filter-repo (2.38, <c>get_paths_from_file</c>) strips trailing CR and LF, skips empty lines and lines
/// that start with '#', reads <c>OLD==&gt;NEW</c> as a rename, and treats <c>regex:</c> and <c>glob:</c> prefixes as
/// patterns and <c>literal:</c> as a literal; a literal path matches that file (or a directory of that name). So a
/// plain path is written as it is (spaces included); one that starts with '#' or a prefix gets <c>literal:</c>; one
/// that holds <c>==&gt;</c> or a line break becomes an anchored regex (Python's) with every ASCII character other
/// than a letter or digit written as <c>\xHH</c>.</remarks>
internal static class PathsFile
{
    public const string FileName = "paths.txt";

    public static string Build(IEnumerable<string> paths)
    {
        var text = new StringBuilder();
        foreach (string path in paths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            text.Append(Line(path)).Append('\n');
        }

        return text.ToString();
    }

    internal static string Line(string path)
    {
        if (path.Contains("==>", StringComparison.Ordinal) || path.AsSpan().ContainsAny("\r\n"))
        {
            return "regex:^" + ReplacementsFile.EscapedPattern(path) + @"\Z";
        }

        return path.StartsWith('#') || path.StartsWith("regex:", StringComparison.Ordinal) || path.StartsWith("glob:", StringComparison.Ordinal)
            || path.StartsWith("literal:", StringComparison.Ordinal)
            ? "literal:" + path
            : path;
    }
}
