namespace LinqSecretScan.Detection;

/// <summary>Joins a string literal with the literals concatenated to it: `"linq_ab" + "cd..."` (JS, Java, C#,
/// Kotlin), `'linq_ab' . 'cd'` (PHP), `"linq_ab" "cd"` over lines (Python, C), `"linq_ab" &amp; "cd"` (VB), `..`
/// (Lua), `&lt;&gt;` (Elixir). Only literals: a variable or a call in between ends the value.</summary>
internal static class SplitLiterals
{
    private const int MaxPieces = 8;
    private const int MaxLength = 512;

    /// <summary>When the literal whose content ends at <paramref name="end"/> (its closing quote is there) is
    /// concatenated with more literals, returns their joined content and where the last one's content ends;
    /// otherwise null.</summary>
    public static (string Joined, int End)? Join(string text, string first, int end)
    {
        if (end >= text.Length || !IsQuote(text[end]))
        {
            return null;
        }

        var joined = new System.Text.StringBuilder(first);
        int position = end;
        int pieces = 1;
        while (pieces < MaxPieces && joined.Length < MaxLength)
        {
            int next = SkipOperator(text, position + 1);
            if (next < 0 || next >= text.Length || !IsQuote(text[next]))
            {
                break;
            }

            int contentStart = next + 1;
            int contentEnd = contentStart;
            while (contentEnd < text.Length && contentEnd - contentStart < MaxLength && IsTokenChar(text[contentEnd]))
            {
                contentEnd++;
            }

            if (contentEnd >= text.Length || text[contentEnd] != text[next] || contentEnd == contentStart)
            {
                break;
            }

            joined.Append(text, contentStart, contentEnd - contentStart);
            position = contentEnd;
            pieces++;
        }

        return pieces > 1 ? (joined.ToString(), position) : null;
    }

    /// <summary>After a closing quote: spaces and up to two line breaks around at most one operator; returns the
    /// position of what follows, or -1 when it is not a plain join.</summary>
    private static int SkipOperator(string text, int position)
    {
        int i = SkipSpace(text, position);
        if (i >= text.Length)
        {
            return -1;
        }

        int operatorLength = text[i] switch
        {
            '+' or '&' => 1,
            '.' => i + 1 < text.Length && text[i + 1] == '.' ? 2 : 1,
            '<' => i + 1 < text.Length && text[i + 1] == '>' ? 2 : 0,
            _ => 0,
        };
        if (operatorLength == 0)
        {
            // Adjacent literals: "a" "b", also over a line break (Python implicit concatenation).
            return i;
        }

        if (text[i] == '.' && operatorLength == 1 && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))
        {
            return -1; // "abc".toString(), 'x'.join(...)
        }

        return SkipSpace(text, i + operatorLength);
    }

    private static int SkipSpace(string text, int position)
    {
        int i = position;
        int lines = 0;
        while (i < text.Length && (text[i] is ' ' or '\t' or '\r' or '\n'))
        {
            if (text[i] == '\n' && ++lines > 2)
            {
                return text.Length;
            }

            i++;
        }

        return i;
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '`';

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '+' or '/' or '=' or '.' or '~';
}
