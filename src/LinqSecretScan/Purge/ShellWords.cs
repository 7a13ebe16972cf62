using System.Text.RegularExpressions;

namespace LinqSecretScan.Purge;

/// <summary>Words for the POSIX shell commands of the plan, so that a command copied from it runs as written
/// whatever the paths and URLs hold (spaces, quotes, '$', newlines).</summary>
internal static partial class ShellWords
{
    /// <summary>The word itself when it needs no quoting, else single-quoted ('\'' for a quote inside).</summary>
    public static string Quote(string word) =>
        word.Length > 0 && Plain().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:@%+=,-]{1,4096}$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
