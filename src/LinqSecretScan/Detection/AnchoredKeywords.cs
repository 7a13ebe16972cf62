using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LinqSecretScan.Detection;

/// <summary>Finds the rules' keywords (ASCII, any case) by a pair of their rarest letters at a fixed distance: for the
/// built-in keywords an l with a q three places on (the l and q of "linq"), and a w with a c four places on (the w
/// and c of "whsec_"). A vectorised pass compares every position and the one a distance on against each pair, then
/// the keywords are compared around each candidate. One rare letter alone is not enough: code is full of q
/// (`Equals`, `Query`, `Request`) and of w (`Where`, `new`, `switch`, `Webhook`), and a search that stops at every w
/// (the anchor of "whsec_") made the prefilter of a C#-heavy `dir` scan 3 times slower. Measured on C# full of
/// `using System.Linq;`, anchored search beat .NET's case-insensitive multi-string search (Teddy), which took 30% of
/// a `dir` scan. On raw bytes it tells whether ASCII-compatible content (UTF-8, Latin-1) holds any keyword at all,
/// before decoding.</summary>
internal sealed class AnchoredKeywords
{
    /// <summary>Rough order of English and code letters from common to rare.</summary>
    private const string CommonToRare = " etaoinsrhldcumfpgwybvkxjqz";

    private readonly string[] _keywords;
    private readonly byte[][] _lowerBytes;
    private readonly bool[] _inertBeforeSemicolon;

    /// <summary>Per keyword: the pair it is found by (an index into <see cref="_pairs"/>) and the offset of the
    /// pair's first letter in the keyword.</summary>
    private readonly int[] _pairOf;
    private readonly int[] _pairOffset;
    private readonly AnchorPair[] _pairs;
    private readonly int _maxDistance;

    /// <summary>Two pairs at one distance with the same folds (see <see cref="SharePairDistance"/>): one load and one
    /// fold serve both.</summary>
    private readonly bool _oneDistance;

    private AnchoredKeywords(string[] keywords, int[] pairOf, int[] pairOffset, AnchorPair[] pairs, bool[] inertBeforeSemicolon)
    {
        _keywords = keywords;
        _inertBeforeSemicolon = inertBeforeSemicolon;
        _lowerBytes = keywords.Select(k => k.Select(c => (byte)c).ToArray()).ToArray();
        _pairOf = pairOf;
        _pairOffset = pairOffset;
        _pairs = pairs;
        _maxDistance = pairs.Max(p => p.Distance);
        _oneDistance = pairs.Length == 2 && pairs[0].Distance == pairs[1].Distance && pairs[0].FirstFold == pairs[1].FirstFold
            && pairs[0].SecondFold == pairs[1].SecondFold;
    }

    /// <summary>Whether the search compares two pairs at one distance (see <see cref="SharePairDistance"/>).</summary>
    public bool PairsShareDistance => _oneDistance;

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

        var pairs = new List<AnchorPair>();
        var pairOf = new int[lowered.Length];
        var pairOffset = new int[lowered.Length];
        for (int i = 0; i < lowered.Length; i++)
        {
            // A keyword that holds another (linqapp.com holds linq) is found by that one's pair: fewer pairs to
            // compare at every position.
            string host = lowered[i];
            int at = 0;
            foreach (var other in lowered.Where(o => o.Length < lowered[i].Length).OrderBy(o => o.Length))
            {
                int index = lowered[i].IndexOf(other, StringComparison.Ordinal);
                if (index >= 0)
                {
                    host = other;
                    at = index;
                    break;
                }
            }

            var (first, second) = RarestTwo(host);
            var pair = new AnchorPair(host[first], host[second], second - first);
            int p = pairs.IndexOf(pair);
            if (p < 0)
            {
                p = pairs.Count;
                pairs.Add(pair);
            }

            pairOf[i] = p;
            pairOffset[i] = at + first;
        }

        SharePairDistance(lowered, pairs, pairOf, pairOffset);
        var inert = new HashSet<string>((inertBeforeSemicolon ?? []).Select(k => k.ToLowerInvariant()), StringComparer.Ordinal);
        return new AnchoredKeywords(lowered, pairOf, pairOffset, [.. pairs], [.. lowered.Select(inert.Contains)]);
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
        var units = MemoryMarshal.Cast<char, ushort>(text);
        int target = into.Count + atLeast;
        while (position < text.Length && into.Count < target)
        {
            int hit = NextCandidate(units, position);
            if (hit < 0)
            {
                position = text.Length;
                return;
            }

            for (int k = 0; k < _keywords.Length; k++)
            {
                string keyword = _keywords[k];
                int start = hit - _pairOffset[k];
                if (start >= 0 && start + keyword.Length <= text.Length && PairAt(units, hit, _pairs[_pairOf[k]])
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
            int hit = NextCandidate(content, position);
            if (hit < 0)
            {
                return false;
            }

            for (int k = 0; k < _lowerBytes.Length; k++)
            {
                var keyword = _lowerBytes[k];
                int start = hit - _pairOffset[k];
                int end = start + keyword.Length;
                if (start >= 0 && end <= content.Length && PairAt(content, hit, _pairs[_pairOf[k]])
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

    /// <summary>Two pairs at the same distance share the load of their second letters, and two letters compare with
    /// one fold: a quarter fewer vector operations at every position. So when the keywords need two pairs at different
    /// distances, the second is moved to a pair of two letters at the first one's distance, if its keyword has one
    /// and both of its letters are at least as rare as `h`: for the built-in keywords `h` and `c` three places apart
    /// in "whsec_", beside the `l` and `q` of "linq" (in 52 MB of C and C# source: 435 such pairs per MB, against
    /// 85 for the `w` and `c` four apart, still one candidate per 2 KB).</summary>
    private static void SharePairDistance(string[] keywords, List<AnchorPair> pairs, int[] pairOf, int[] pairOffset)
    {
        if (pairs.Count != 2 || pairs[0].Distance == pairs[1].Distance)
        {
            return;
        }

        int distance = pairs[0].Distance;
        int minimum = Rarity('h');
        var moved = new List<(int Keyword, int Offset)>();
        AnchorPair? replacement = null;
        for (int k = 0; k < keywords.Length; k++)
        {
            if (pairOf[k] != 1)
            {
                continue;
            }

            // The keyword the pair was chosen in is the one holding it at the offset (a longer keyword holding it
            // is found through it).
            string host = keywords[k];
            int best = -1;
            for (int i = 0; i + distance < host.Length; i++)
            {
                int score = Math.Min(Rarity(host[i]), Rarity(host[i + distance]));
                if (score >= minimum && (best < 0 || score > Math.Min(Rarity(host[best]), Rarity(host[best + distance]))))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return;
            }

            var pair = new AnchorPair(host[best], host[best + distance], distance);
            if (replacement is { } chosen && chosen != pair)
            {
                return;
            }

            replacement = pair;
            moved.Add((k, best));
        }

        if (replacement is not { } found || found.FirstFold != pairs[0].FirstFold || found.SecondFold != pairs[0].SecondFold)
        {
            return;
        }

        pairs[1] = found;
        foreach (var (k, offset) in moved)
        {
            pairOffset[k] = offset;
        }
    }

    /// <summary>The two letters of a keyword (their offsets, in order) least likely to stand at that distance in
    /// ordinary text: the two rarest by the table; a one-letter keyword is its letter twice.</summary>
    private static (int First, int Second) RarestTwo(string keyword)
    {
        var byRarity = Enumerable.Range(0, keyword.Length).OrderByDescending(i => Rarity(keyword[i])).ThenBy(i => i).ToArray();
        int a = byRarity[0], b = byRarity.Length > 1 ? byRarity[1] : byRarity[0];
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>Letters by the table; digits and punctuation (`_`, `.`, `-` are everywhere in code) count as common.</summary>
    private static int Rarity(char c)
    {
        int index = CommonToRare.IndexOf(c, StringComparison.Ordinal);
        return index >= 0 ? index : char.IsAsciiLetter(c) ? CommonToRare.Length : 0;
    }

    /// <summary>The first position from <paramref name="from"/> on where some pair's first letter stands (in any
    /// case) with its second letter the pair's distance on; -1 when there is none.</summary>
    private int NextCandidate<T>(ReadOnlySpan<T> text, int from)
        where T : unmanaged, IBinaryInteger<T>
    {
        int i = from;
        ref T start = ref MemoryMarshal.GetReference(text);
        if (_oneDistance && Vector128.IsHardwareAccelerated)
        {
            // The built-in keywords: two pairs at one distance (see SharePairDistance), so one load and one fold
            // serve both first letters, and one of each both second letters.
            var a = _pairs[0];
            var b = _pairs[1];
            int distance = a.Distance;
            var (fold1, fold2) = (Broadcast<T>(a.FirstFold), Broadcast<T>(a.SecondFold));
            var (aChar1, aChar2, bChar1, bChar2) = (Broadcast<T>(a.First), Broadcast<T>(a.Second), Broadcast<T>(b.First), Broadcast<T>(b.Second));
            int count = Vector128<T>.Count;
            for (int last = text.Length - distance - (2 * count); i <= last; i += 2 * count)
            {
                var here = Vector128.LoadUnsafe(ref start, (nuint)i) | fold1;
                var there = Vector128.LoadUnsafe(ref start, (nuint)(i + distance)) | fold2;
                var next = Vector128.LoadUnsafe(ref start, (nuint)(i + count)) | fold1;
                var nextThere = Vector128.LoadUnsafe(ref start, (nuint)(i + count + distance)) | fold2;
                var matches = (Vector128.Equals(here, aChar1) & Vector128.Equals(there, aChar2)) | (Vector128.Equals(here, bChar1) & Vector128.Equals(there, bChar2));
                var nextMatches = (Vector128.Equals(next, aChar1) & Vector128.Equals(nextThere, aChar2)) | (Vector128.Equals(next, bChar1) & Vector128.Equals(nextThere, bChar2));
                if ((matches | nextMatches) != Vector128<T>.Zero)
                {
                    return matches != Vector128<T>.Zero
                        ? i + BitOperations.TrailingZeroCount(matches.ExtractMostSignificantBits())
                        : i + count + BitOperations.TrailingZeroCount(nextMatches.ExtractMostSignificantBits());
                }
            }
        }
        else if (_pairs.Length <= 2 && Vector128.IsHardwareAccelerated)
        {
            // Two pairs at different distances: both are compared with every block, their constants in registers.
            // 128-bit vectors only: a NativeAOT build targets SSE4.2 unless told otherwise, so that is what the
            // binary runs, and the tests then run the same code.
            var a = _pairs[0];
            var b = _pairs[^1];
            var (aFold1, aChar1, aFold2, aChar2) = (Broadcast<T>(a.FirstFold), Broadcast<T>(a.First), Broadcast<T>(a.SecondFold), Broadcast<T>(a.Second));
            var (bFold1, bChar1, bFold2, bChar2) = (Broadcast<T>(b.FirstFold), Broadcast<T>(b.First), Broadcast<T>(b.SecondFold), Broadcast<T>(b.Second));
            int count = Vector128<T>.Count;
            for (int last = text.Length - _maxDistance - (2 * count); i <= last; i += 2 * count)
            {
                // Two blocks a round, tested together: a candidate is rare.
                var here = Vector128.LoadUnsafe(ref start, (nuint)i);
                var next = Vector128.LoadUnsafe(ref start, (nuint)(i + count));
                var matches =
                    (Vector128.Equals(here | aFold1, aChar1) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + a.Distance)) | aFold2, aChar2))
                    | (Vector128.Equals(here | bFold1, bChar1) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + b.Distance)) | bFold2, bChar2));
                var nextMatches =
                    (Vector128.Equals(next | aFold1, aChar1) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + count + a.Distance)) | aFold2, aChar2))
                    | (Vector128.Equals(next | bFold1, bChar1) & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(i + count + b.Distance)) | bFold2, bChar2));
                if ((matches | nextMatches) != Vector128<T>.Zero)
                {
                    return matches != Vector128<T>.Zero
                        ? i + BitOperations.TrailingZeroCount(matches.ExtractMostSignificantBits())
                        : i + count + BitOperations.TrailingZeroCount(nextMatches.ExtractMostSignificantBits());
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // More pairs (custom rules' keywords): their constants kept on the stack.
            Span<Vector128<T>> wanted = stackalloc Vector128<T>[_pairs.Length * 4];
            for (int p = 0; p < _pairs.Length; p++)
            {
                wanted[(4 * p) + 0] = Broadcast<T>(_pairs[p].FirstFold);
                wanted[(4 * p) + 1] = Broadcast<T>(_pairs[p].First);
                wanted[(4 * p) + 2] = Broadcast<T>(_pairs[p].SecondFold);
                wanted[(4 * p) + 3] = Broadcast<T>(_pairs[p].Second);
            }

            for (int last = text.Length - _maxDistance - Vector128<T>.Count; i <= last; i += Vector128<T>.Count)
            {
                var here = Vector128.LoadUnsafe(ref start, (nuint)i);
                var matches = Vector128<T>.Zero;
                for (int p = 0; p < _pairs.Length; p++)
                {
                    var there = Vector128.LoadUnsafe(ref start, (nuint)(i + _pairs[p].Distance));
                    matches |= Vector128.Equals(here | wanted[(4 * p) + 0], wanted[(4 * p) + 1])
                        & Vector128.Equals(there | wanted[(4 * p) + 2], wanted[(4 * p) + 3]);
                }

                if (matches != Vector128<T>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(matches.ExtractMostSignificantBits());
                }
            }
        }

        // The end of the text, or no vectors: one position at a time.
        for (; i < text.Length; i++)
        {
            foreach (var pair in _pairs)
            {
                if (PairAt(text, i, pair))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static Vector128<T> Broadcast<T>(int value)
        where T : unmanaged, IBinaryInteger<T> => Vector128.Create(T.CreateTruncating(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PairAt<T>(ReadOnlySpan<T> text, int at, AnchorPair pair)
        where T : unmanaged, IBinaryInteger<T>
    {
        int second = at + pair.Distance;
        return second < text.Length
            && (int.CreateTruncating(text[at]) | pair.FirstFold) == pair.First
            && (int.CreateTruncating(text[second]) | pair.SecondFold) == pair.Second;
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

    /// <summary>Two lower-case keyword characters <see cref="Distance"/> apart. A letter is compared with 0x20 set
    /// (its lower case; the few other characters that fold onto it only make a candidate, which the keyword
    /// comparison then rejects); anything else as it is.</summary>
    private readonly record struct AnchorPair(char First, char Second, int Distance)
    {
        public int FirstFold => char.IsAsciiLetterLower(First) ? 0x20 : 0;

        public int SecondFold => char.IsAsciiLetterLower(Second) ? 0x20 : 0;
    }
}
