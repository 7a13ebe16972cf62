using System.Buffers;

namespace LinqSecretScan.Detection;

/// <summary>Values that stand for a secret without being one: references, templates, examples, masks.</summary>
/// <remarks>
/// Two kinds of signs. Syntax no token contains (`${`, `&lt;`, `{{`, `://`, `process.env`, `***`, `…`) marks a value
/// wherever it appears. Marker words (your, example, fake, todo, test, xxxx, ...) are letters that a random token
/// can hold too (about one random 32-character token in 8,000 holds one of them somewhere), so a marker word counts
/// only where the value reads as words around it: the marker starts a word of the value (after a separator, at a
/// case or digit change), is written in one case, and what is left once markers, masks and separators are taken
/// out is not itself a random token. `linq_your_api_key_here`, `YOUR_LINQ_TOKEN`, `sk-test-xxxxxxxx` are
/// placeholders; a random token with `FaKe`, `yoUr` or `TODO` somewhere inside, or `linq_test_` followed by a
/// random run, is not.
/// </remarks>
internal static class Placeholders
{
    private static readonly string[] SyntaxMarkers =
    [
        "****", "....", "\u2026", "<", ">", "{{", "}}", "${", "#{", "%(", "\u2022\u2022", "://", "process.env",
        "os.environ", "secretkeyref",
    ];

    private static readonly SearchValues<string> SyntaxSearch = SearchValues.Create(SyntaxMarkers, StringComparison.OrdinalIgnoreCase);

    private static readonly string[] MarkerWords =
    [
        "your", "example", "placeholder", "changeme", "changeit", "change", "replace", "redacted", "removed", "dummy",
        "fake", "sample", "insert", "todo", "fixme", "tbd", "notreal", "here", "test", "testing", "mock", "demo",
        "secret", "token", "key", "api", "xxx", "xxxx",
    ];

    private static readonly string[] ReferencePrefixes =
    [
        "$", "%", "@", "&", "!", "{", "[", "(", "op:", "vault:", "arn:", "ref+", "sm:", "enc[", "encrypted:",
        "gcp:", "azurekeyvault", "akv:", "secret:", "env:", "file:",
    ];

    /// <summary>A value holding a marker word is still a token when at least this many random characters are left
    /// around the word: `linq_test_` + a random run is a test-mode token, not a placeholder.</summary>
    private const int MinimumRandomRest = 12;

    private static readonly HashSet<string> ExactWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "undefined", "true", "false", "string", "secret", "password", "token", "apikey",
        "api_key", "api-key", "key", "value", "empty", "tbd", "n/a", "na", "-", "test", "testing",
    };

    /// <summary>True when the value holds a marker word at a word start (`linq_test_...`, `...FAKE...`) and what is
    /// left around such words is random on its own: a token, even if the whole does not look random because of the
    /// word.</summary>
    public static bool HasRandomRestAroundWords(ReadOnlySpan<char> value) => RestAroundMarkers(value) is { } rest && rest;

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

        return trimmed.IndexOfAny(SyntaxSearch) >= 0 || IsOneRepeatedCharacter(trimmed) || ReadsAsMarkedWords(trimmed);
    }

    /// <summary>True when the value holds a marker word or a mask at a word start and the rest is not random.</summary>
    private static bool ReadsAsMarkedWords(ReadOnlySpan<char> value) => RestAroundMarkers(value) is false;

    /// <summary>Null when the value holds no marker word or mask at a word start; otherwise whether what is left
    /// (markers, masks and separators taken out) is random.</summary>
    private static bool? RestAroundMarkers(ReadOnlySpan<char> value)
    {
        Span<bool> removed = value.Length <= 512 ? stackalloc bool[value.Length] : new bool[value.Length];
        bool any = false;
        for (int i = 0; i < value.Length; i++)
        {
            int mask = MaskRunLength(value, i);
            if (mask > 0)
            {
                removed.Slice(i, mask).Fill(true);
                any = true;
                i += mask - 1;
                continue;
            }

            if (!StartsWord(value, i))
            {
                continue;
            }

            foreach (var marker in MarkerWords)
            {
                if (i + marker.Length <= value.Length
                    && value.Slice(i, marker.Length).Equals(marker, StringComparison.OrdinalIgnoreCase)
                    && IsOneCase(value.Slice(i, marker.Length)))
                {
                    removed.Slice(i, marker.Length).Fill(true);
                    any = true;
                }
            }
        }

        if (!any)
        {
            return null;
        }

        Span<char> rest = value.Length <= 512 ? stackalloc char[value.Length] : new char[value.Length];
        int length = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (!removed[i] && char.IsAsciiLetterOrDigit(value[i]))
            {
                rest[length++] = value[i];
            }
        }

        return TokenShape.LooksRandom(rest[..length], MinimumRandomRest);
    }

    /// <summary>A run of one mask character: four or more x or X (one case), three or more of `*`, `#`, `•`, `.`.</summary>
    private static int MaskRunLength(ReadOnlySpan<char> value, int start)
    {
        char c = value[start];
        int minimum = c is 'x' or 'X' ? 4 : c is '*' or '#' or '\u2022' or '.' ? 3 : int.MaxValue;
        if (minimum == int.MaxValue || (start > 0 && value[start - 1] == c))
        {
            return 0;
        }

        int end = start;
        while (end < value.Length && value[end] == c)
        {
            end++;
        }

        return end - start >= minimum ? end - start : 0;
    }

    /// <summary>Position <paramref name="i"/> starts a word: the value's start, after a non-alphanumeric, a change
    /// from digit to letter, from lower to upper case, or the capital that starts a word after an acronym.</summary>
    private static bool StartsWord(ReadOnlySpan<char> value, int i)
    {
        char c = value[i];
        if (!char.IsAsciiLetter(c))
        {
            return false;
        }

        if (i == 0)
        {
            return true;
        }

        char before = value[i - 1];
        return !char.IsAsciiLetterOrDigit(before)
            || char.IsAsciiDigit(before)
            || (char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(before))
            || (char.IsAsciiLetterUpper(c) && char.IsAsciiLetterUpper(before) && i + 1 < value.Length && char.IsAsciiLetterLower(value[i + 1]));
    }

    /// <summary>`fake`, `FAKE`, `Fake`: one case, or a capital and lower case. `FaKe` is not how a word is written.</summary>
    private static bool IsOneCase(ReadOnlySpan<char> word)
    {
        bool restLower = true, restUpper = true;
        for (int i = 1; i < word.Length; i++)
        {
            restLower &= !char.IsAsciiLetterUpper(word[i]);
            restUpper &= !char.IsAsciiLetterLower(word[i]);
        }

        return restLower || (restUpper && !char.IsAsciiLetterLower(word[0]));
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
