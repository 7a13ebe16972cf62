using System.Buffers;

namespace LinqSecretScan.Detection;

/// <summary>Tells from raw ASCII-compatible bytes (UTF-8, Latin-1) whether a content can hold any rule's keyword, so
/// content without one is neither decoded nor searched. It looks for each keyword's rarest letter (for the
/// built-in keywords the q of "linq": rare in code, in both cases) with a vectorised search, and compares the
/// keyword around each hit.</summary>
internal sealed class KeywordPrefilter
{
    /// <summary>Rough order of English and code letters from common to rare; anything not listed counts as rare.</summary>
    private const string CommonToRare = " etaoinsrhldcumfpgwybvkxjqz";

    private readonly byte[][] _keywords;
    private readonly int[] _anchorOffsets;
    private readonly SearchValues<byte> _anchors;

    private KeywordPrefilter(byte[][] keywords, int[] anchorOffsets, SearchValues<byte> anchors)
    {
        _keywords = keywords;
        _anchorOffsets = anchorOffsets;
        _anchors = anchors;
    }

    /// <summary>Null when the keywords cannot be checked on bytes (a non-ASCII keyword, or none at all).</summary>
    public static KeywordPrefilter? For(IReadOnlyList<string> keywords)
    {
        if (keywords.Count == 0 || keywords.Any(k => k.Any(c => c > 0x7F)))
        {
            return null;
        }

        var lowered = keywords.Select(k => k.ToLowerInvariant()).Distinct().Select(k => k.Select(c => (byte)c).ToArray()).ToArray();
        var offsets = new int[lowered.Length];
        var anchorBytes = new HashSet<byte>();
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
            byte anchor = lowered[i][best];
            anchorBytes.Add(anchor);
            anchorBytes.Add((byte)char.ToUpperInvariant((char)anchor));
        }

        return new KeywordPrefilter(lowered, offsets, SearchValues.Create([.. anchorBytes]));
    }

    public bool MayContainKeyword(ReadOnlySpan<byte> content)
    {
        int position = 0;
        while (position < content.Length)
        {
            int found = content[position..].IndexOfAny(_anchors);
            if (found < 0)
            {
                return false;
            }

            int hit = position + found;
            byte anchor = (byte)(content[hit] | 0x20);
            for (int k = 0; k < _keywords.Length; k++)
            {
                var keyword = _keywords[k];
                int start = hit - _anchorOffsets[k];
                if (keyword[_anchorOffsets[k]] == anchor && start >= 0 && start + keyword.Length <= content.Length
                    && EqualsIgnoreAsciiCase(content.Slice(start, keyword.Length), keyword))
                {
                    return true;
                }
            }

            position = hit + 1;
        }

        return false;
    }

    /// <summary>Letters by the table; digits and punctuation (`_`, `.`, `-` are everywhere in code) count as common.</summary>
    private static int Rarity(byte c)
    {
        int index = CommonToRare.IndexOf((char)c, StringComparison.Ordinal);
        return index >= 0 ? index : char.IsAsciiLetter((char)c) ? CommonToRare.Length : 0;
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
