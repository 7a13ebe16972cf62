using System.Text;

namespace LinqSecretScan.Core;

/// <summary>Searches for ASCII text in any case, with the results of an OrdinalIgnoreCase search, faster: with
/// invariant globalization (this build's setting) the framework's OrdinalIgnoreCase IndexOf is a scalar loop that
/// upper-cases every character it passes (perf, a 3.9 MB line of `LINQ_API_KEY=`: 5% of the samples in it). Here the
/// first character is found with a vectorised search for its two cases, and only there is the rest compared.</summary>
internal static class IgnoreCase
{
    /// <summary>Where <paramref name="needle"/> first stands in <paramref name="text"/> from
    /// <paramref name="startIndex"/> on, in any case, as <c>text.IndexOf(needle, StringComparison.OrdinalIgnoreCase)</c>
    /// finds it; -1 if nowhere. A needle that is empty or holds a character outside ASCII (a custom rule's keyword) is
    /// left to that search.</summary>
    public static int IndexOf(ReadOnlySpan<char> text, string needle, int startIndex = 0)
    {
        if (needle.Length == 0 || !Ascii.IsValid(needle))
        {
            int found = text[startIndex..].IndexOf(needle, StringComparison.OrdinalIgnoreCase);
            return found < 0 ? -1 : startIndex + found;
        }

        // No character outside ASCII equals an ASCII one under OrdinalIgnoreCase with invariant globalization (not
        // the dotless i, not the long s, not the Kelvin sign; IgnoreCaseTests checks every UTF-16 code unit), so a
        // match starts with the first character in one of its two cases.
        char first = needle[0];
        char lower = char.ToLowerInvariant(first), upper = char.ToUpperInvariant(first);
        int from = startIndex;
        while (text.Length - from >= needle.Length)
        {
            int at = text[from..(text.Length - needle.Length + 1)].IndexOfAny(lower, upper);
            if (at < 0)
            {
                return -1;
            }

            at += from;
            if (text.Slice(at, needle.Length).Equals(needle, StringComparison.OrdinalIgnoreCase))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    /// <summary>Whether <paramref name="needle"/> stands in <paramref name="text"/> in any case.</summary>
    public static bool Contains(ReadOnlySpan<char> text, string needle) => IndexOf(text, needle) >= 0;

    /// <summary>Whether <paramref name="keyword"/> stands in <paramref name="content"/> (bytes of an ASCII-compatible
    /// encoding) with its ASCII letters in any case; the same search over bytes.</summary>
    public static bool Contains(ReadOnlySpan<byte> content, string keyword)
    {
        Span<byte> lower = stackalloc byte[keyword.Length];
        for (int i = 0; i < keyword.Length; i++)
        {
            lower[i] = (byte)char.ToLowerInvariant(keyword[i]);
        }

        byte first = lower[0], firstUpper = (byte)char.ToUpperInvariant((char)first);
        int position = 0;
        while (position <= content.Length - lower.Length)
        {
            int found = content[position..].IndexOfAny(first, firstUpper);
            if (found < 0 || position + found > content.Length - lower.Length)
            {
                return false;
            }

            int at = position + found;
            if (Ascii.EqualsIgnoreCase(content.Slice(at, lower.Length), lower))
            {
                return true;
            }

            position = at + 1;
        }

        return false;
    }
}
