using System.Buffers;
using System.Text;

namespace LinqSecretScan.Detection;

/// <summary>Values that stand for a secret without being one: references, templates, examples, masks.</summary>
/// <remarks>
/// Two kinds of signs. Syntax no token contains (`${`, `{{`, `://`, `process.env`, `***`, `…`) marks a value
/// wherever it appears (so do the «guillemets» of template markers, as in this project's corpus: a token is
/// ASCII). Angle brackets mark one only around words (`&lt;your-token&gt;`, `Bearer &lt;LINQ_TOKEN&gt;`): a
/// password-like value may hold a `&gt;` or `&lt;` anywhere, and that alone says nothing. Marker words (your, example, fake, todo, test, xxxx, ...) are letters that a random token
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
        "****", "....", "\u2026", "&lt;", "<%", "{{", "}}", "${", "#{", "%(", "\u2022\u2022", "://", "process.env",
        "os.environ", "secretkeyref", "\u00ab", "\u00bb",
    ];

    private static readonly SearchValues<string> SyntaxSearch = SearchValues.Create(SyntaxMarkers, StringComparison.OrdinalIgnoreCase);

    /// <summary>The ASCII markers alone, for an ASCII value (which cannot hold any other: no character outside ASCII
    /// equals an ASCII one ignoring case). With the others in the set, SearchValues falls back to a per-character
    /// Aho-Corasick walk (perf, a 4 MB line of `LINQ_API_KEY=`: 6% of the samples); this set is searched with vectors.</summary>
    private static readonly SearchValues<string> AsciiSyntaxSearch =
        SearchValues.Create([.. SyntaxMarkers.Where(m => Ascii.IsValid(m))], StringComparison.OrdinalIgnoreCase);

    private static readonly string[] MarkerWords =
    [
        "your", "example", "placeholder", "changeme", "changeit", "change", "replace", "redacted", "removed", "dummy",
        "fake", "sample", "insert", "todo", "fixme", "tbd", "notreal", "here", "test", "testing", "mock", "demo",
        "secret", "token", "key", "api", "xxx", "xxxx",
    ];

    /// <summary><see cref="MarkerWords"/> by their first letter (a to z): a word start is compared with the one or two
    /// markers that start with its letter, not with all of them (a line of 300,000 `LINQ_API_KEY=` is 300,000
    /// candidate values of 512 characters, 40 word starts each).</summary>
    private static readonly string[][] MarkersByFirstLetter = [.. Enumerable.Range('a', 26).Select(c => MarkerWords.Where(m => m[0] == c).ToArray())];

    private static readonly string[] ReferencePrefixes =
    [
        "$", "%", "@", "&", "!", "{", "[", "(", "op:", "vault:", "arn:", "ref+", "sm:", "enc[", "encrypted:",
        "gcp:", "azurekeyvault", "akv:", "secret:", "env:", "file:",
    ];

    /// <summary>A value holding a marker word is still a token when at least this many random characters are left
    /// around the word: `linq_test_` + a random run is a test-mode token, not a placeholder.</summary>
    private const int MinimumRandomRest = 12;

    /// <summary>The shortest piece between markers and separators that can carry a value's randomness.</summary>
    private const int MinimumRandomPiece = 6;

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

        return trimmed.IndexOfAny(Ascii.IsValid(trimmed) ? AsciiSyntaxSearch : SyntaxSearch) >= 0 || IsOneRepeatedCharacter(trimmed) || HasBracketedWords(trimmed) || ReadsAsMarkedWords(trimmed);
    }

    /// <summary>`&lt;your-token&gt;`, `&lt;LINQ_API_KEY&gt;`, `Bearer &lt;token&gt;`, `sk-&lt;your key&gt;`: a `&lt;` closed by a
    /// `&gt;` with words between them, and nothing random outside. A `&gt;` or `&lt;` elsewhere in a value, or around a
    /// few letters inside a random password (`Kq9&lt;abc&gt;Zz81...`), is just a character.</summary>
    private static bool HasBracketedWords(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('<') < 0)
        {
            return false;
        }

        Span<bool> bracketed = value.Length <= 512 ? stackalloc bool[value.Length] : new bool[value.Length];
        bool any = false;
        int open = value.IndexOf('<');
        while (open >= 0 && open + 1 < value.Length)
        {
            var after = value[(open + 1)..];
            int close = after.IndexOfAny('<', '>');
            if (close < 0)
            {
                break;
            }

            if (after[close] == '>' && IsWords(after[..close]))
            {
                bracketed.Slice(open, close + 2).Fill(true);
                any = true;
            }

            int next = after[close..].IndexOf('<');
            if (next < 0)
            {
                break;
            }

            open += 1 + close + next;
        }

        if (!any)
        {
            return false;
        }

        int start = -1;
        for (int i = 0; i <= value.Length; i++)
        {
            bool inPiece = i < value.Length && !bracketed[i] && char.IsAsciiLetterOrDigit(value[i]);
            if (inPiece && start < 0)
            {
                start = i;
            }
            else if (!inPiece && start >= 0)
            {
                if (TokenShape.LooksRandom(value[start..i], MinimumRandomRest))
                {
                    return false;
                }

                start = -1;
            }
        }

        return true;
    }

    /// <summary>Letters, digits, spaces and separators that read as words: `your-token`, `LINQ_API_KEY`, `api key`.</summary>
    private static bool IsWords(ReadOnlySpan<char> inner)
    {
        var trimmed = inner.Trim();
        if (trimmed.Length < 3 || trimmed.Length > 80)
        {
            return false;
        }

        foreach (char c in trimmed)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not (' ' or '_' or '-' or '.' or ':' or '/'))
            {
                return false;
            }
        }

        return TokenShape.IsIdentifierLike(trimmed);
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

            foreach (var marker in MarkersByFirstLetter[(value[i] | 0x20) - 'a'])
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

        return TokenShape.LooksRandom(rest[..length], MinimumRandomRest) && HasRandomPiece(value, removed);
    }

    /// <summary>Whether one of the pieces left between markers and separators is random on its own. Joined, the
    /// words of `secret_scan_pairs_for` lose their boundaries and can look random ("scanpairsfor"); one by one they
    /// read as words. A random token with a marker inside keeps a long random piece on one side of it.</summary>
    private static bool HasRandomPiece(ReadOnlySpan<char> value, ReadOnlySpan<bool> removed)
    {
        int start = -1;
        for (int i = 0; i <= value.Length; i++)
        {
            bool inPiece = i < value.Length && !removed[i] && char.IsAsciiLetterOrDigit(value[i]);
            if (inPiece && start < 0)
            {
                start = i;
            }
            else if (!inPiece && start >= 0)
            {
                var piece = value[start..i];
                if (piece.Length >= MinimumRandomPiece && !TokenShape.IsIdentifierLike(piece))
                {
                    return true;
                }

                start = -1;
            }
        }

        return false;
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
