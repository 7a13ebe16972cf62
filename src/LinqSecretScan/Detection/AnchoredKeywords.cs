using System.Buffers;

namespace LinqSecretScan.Detection;

/// <summary>Finds the rules' keywords (ASCII, any case) by their rarest letter: for the built-in keywords the q of
/// "linq", rare in code and in prose. A vectorised search for the anchor letters in both cases, then a comparison
/// of each keyword around each hit. Measured on C# full of `using System.Linq;`, this beat .NET's case-insensitive
/// multi-string search (Teddy), which took 30% of a `dir` scan. On raw bytes it tells whether ASCII-compatible
/// content (UTF-8, Latin-1) holds any keyword at all, before decoding.</summary>
internal sealed class AnchoredKeywords
{
    /// <summary>Rough order of English and code letters from common to rare.</summary>
    private const string CommonToRare = " etaoinsrhldcumfpgwybvkxjqz";

    private readonly string[] _keywords;
    private readonly byte[][] _lowerBytes;
    private readonly int[] _anchorOffsets;
    private readonly SearchValues<char> _anchorChars;
    private readonly SearchValues<byte> _anchorBytes;
    private readonly bool[] _inertBeforeSemicolon;

    private AnchoredKeywords(string[] keywords, int[] anchorOffsets, char[] anchors, bool[] inertBeforeSemicolon)
    {
        _keywords = keywords;
        _inertBeforeSemicolon = inertBeforeSemicolon;
        _lowerBytes = keywords.Select(k => k.Select(c => (byte)c).ToArray()).ToArray();
        _anchorOffsets = anchorOffsets;
        _anchorChars = SearchValues.Create(anchors);
        _anchorBytes = SearchValues.Create(anchors.Select(c => (byte)c).ToArray());
    }

    /// <summary>The keywords, lower-cased, in the order <see cref="FindAll"/> numbers them.</summary>
    public IReadOnlyList<string> Keywords => _keywords;

    /// <summary>Null when the keywords cannot be searched this way (none, or a non-ASCII one).
    /// <paramref name="inertBeforeSemicolon"/>: keywords whose occurrences directly followed by ';' no rule can
    /// use, so that <see cref="AnyIn"/> does not count them (see <see cref="Detector"/>).</summary>
    public static AnchoredKeywords? For(IEnumerable<string> keywords, IEnumerable<string>? inertBeforeSemicolon = null)
    {
        var lowered = keywords.Select(k => k.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        if (lowered.Length == 0 || lowered.Any(k => k.Length == 0 || k.Any(c => c > 0x7F)))
        {
            return null;
        }

        var offsets = new int[lowered.Length];
        var anchors = new HashSet<char>();
        for (int i = 0; i < lowered.Length; i++)
        {
            int best = 0;
            for (int j = 1; j < lowered[i].Length; j++)
            {
                if (Rarity(lowered[i][j]) > Rarity(lowered[i][best]))
                {
                    best = j;
                }
            }

            offsets[i] = best;
            anchors.Add(lowered[i][best]);
            anchors.Add(char.ToUpperInvariant(lowered[i][best]));
        }

        var inert = new HashSet<string>((inertBeforeSemicolon ?? []).Select(k => k.ToLowerInvariant()), StringComparer.Ordinal);
        return new AnchoredKeywords(lowered, offsets, [.. anchors], [.. lowered.Select(inert.Contains)]);
    }

    /// <summary>Every keyword occurrence as (start, keyword number), in order of their anchors (so of their lines).</summary>
    public void FindAll(ReadOnlySpan<char> text, List<(int Start, int Keyword)> into)
    {
        int position = 0;
        while (position < text.Length)
        {
            FindSome(text, ref position, into, int.MaxValue);
        }
    }

    /// <summary>The keyword occurrences from <paramref name="position"/> on, until at least
    /// <paramref name="atLeast"/> are added (or the text ends); <paramref name="position"/> is then where to go on
    /// (the text's length at the end). A text of a million keywords is taken in batches, never held as one list.</summary>
    public void FindSome(ReadOnlySpan<char> text, ref int position, List<(int Start, int Keyword)> into, int atLeast)
    {
        int target = into.Count + atLeast;
        while (position < text.Length && into.Count < target)
        {
            int found = text[position..].IndexOfAny(_anchorChars);
            if (found < 0)
            {
                position = text.Length;
                return;
            }

            int hit = position + found;
            char anchor = (char)(text[hit] | 0x20);
            for (int k = 0; k < _keywords.Length; k++)
            {
                string keyword = _keywords[k];
                int start = hit - _anchorOffsets[k];
                if (keyword[_anchorOffsets[k]] == anchor && start >= 0 && start + keyword.Length <= text.Length
                    && text.Slice(start, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    into.Add((start, k));
                }
            }

            position = hit + 1;
        }
    }

    /// <summary>Whether ASCII-compatible content holds any keyword (not counting inert ones, see
    /// <see cref="For"/>).</summary>
    public bool AnyIn(ReadOnlySpan<byte> content)
    {
        int position = 0;
        while (position < content.Length)
        {
            int found = content[position..].IndexOfAny(_anchorBytes);
            if (found < 0)
            {
                return false;
            }

            int hit = position + found;
            byte anchor = (byte)(content[hit] | 0x20);
            for (int k = 0; k < _lowerBytes.Length; k++)
            {
                var keyword = _lowerBytes[k];
                int start = hit - _anchorOffsets[k];
                int end = start + keyword.Length;
                if (keyword[_anchorOffsets[k]] == anchor && start >= 0 && end <= content.Length
                    && EqualsIgnoreAsciiCase(content.Slice(start, keyword.Length), keyword)
                    && !(_inertBeforeSemicolon[k] && end < content.Length && content[end] == (byte)';'))
                {
                    return true;
                }
            }

            position = hit + 1;
        }

        return false;
    }

    /// <summary>Letters by the table; digits and punctuation (`_`, `.`, `-` are everywhere in code) count as common.</summary>
    private static int Rarity(char c)
    {
        int index = CommonToRare.IndexOf(c, StringComparison.Ordinal);
        return index >= 0 ? index : char.IsAsciiLetter(c) ? CommonToRare.Length : 0;
    }

    private static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerKeyword)
    {
        for (int i = 0; i < lowerKeyword.Length; i++)
        {
            byte b = text[i];
            if (b is >= (byte)'A' and <= (byte)'Z')
            {
                b |= 0x20;
            }

            if (b != lowerKeyword[i])
            {
                return false;
            }
        }

        return true;
    }
}
