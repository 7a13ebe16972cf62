using System.Buffers;

namespace LinqSecretScan.Detection;

/// <summary>Values that stand for a secret without being one: references, templates, examples.</summary>
internal static class Placeholders
{
    private static readonly string[] MarkerWords =
    [
        "xxxx", "****", "....", "\u2026", "<", ">", "{{", "}}", "${", "#{", "%(", "\u2022\u2022",
        "your", "example", "placeholder", "changeme", "change_me", "change-me", "changeit", "replace",
        "redacted", "dummy", "fake", "sample", "insert", "todo", "fixme", "notreal", "not_real", "not-a-real",
        "_here", "-here", "here_", "here-", "://", "process.env", "os.environ", "getenv", "secretkeyref",
    ];

    private static readonly SearchValues<string> MarkerSearch = SearchValues.Create(MarkerWords, StringComparison.OrdinalIgnoreCase);

    private static readonly string[] ReferencePrefixes =
    [
        "$", "%", "@", "&", "!", "{", "[", "(", "op:", "vault:", "arn:", "ref+", "sm:", "enc[", "encrypted:",
        "gcp:", "azurekeyvault", "akv:", "secret:", "env:", "file:",
    ];

    private static readonly HashSet<string> ExactWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "undefined", "true", "false", "string", "secret", "password", "token", "apikey",
        "api_key", "api-key", "key", "value", "empty", "tbd", "n/a", "na", "-", "test", "testing",
    };

    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        if (trimmed.IsEmpty)
        {
            return true;
        }

        if (ExactWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(trimmed) || PurgeReplacement.IsIn(trimmed))
        {
            return true;
        }

        foreach (var prefix in ReferencePrefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return trimmed.IndexOfAny(MarkerSearch) >= 0 || IsOneRepeatedCharacter(trimmed);
    }

    private static bool IsOneRepeatedCharacter(ReadOnlySpan<char> value)
    {
        char first = char.ToLowerInvariant(value[0]);
        foreach (char c in value)
        {
            if (char.ToLowerInvariant(c) != first)
            {
                return false;
            }
        }

        return true;
    }
}
