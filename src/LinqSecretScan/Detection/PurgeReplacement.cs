using LinqSecretScan.Core;

namespace LinqSecretScan.Detection;

/// <summary>The text a purge puts where a secret was. A scan after the purge must never report it.</summary>
internal static class PurgeReplacement
{
    /// <summary>What this tool's purge kit writes in place of every Linq secret (replacements.txt:
    /// <c>SECRET==&gt;LINQ-SECRET-REMOVED</c>).</summary>
    public const string Text = "LINQ-SECRET-REMOVED";

    /// <summary>The default replacement of <c>git filter-repo --replace-text</c> and of BFG.</summary>
    public const string FilterRepoDefault = "***REMOVED***";

    public static bool IsIn(ReadOnlySpan<char> value) =>
        IgnoreCase.Contains(value, Text) || value.Contains(FilterRepoDefault, StringComparison.Ordinal);
}
