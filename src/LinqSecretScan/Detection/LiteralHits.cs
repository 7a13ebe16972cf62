using System.Buffers;

namespace LinqSecretScan.Detection;

/// <summary>The required literals of the rules that have some (see <see cref="RequiredLiterals"/>), as one search:
/// which rules each literal serves, as a bit per rule. Built per set of rules that need it (the rules with windows in
/// a text: a literal of a rule that has no window there, such as "linq" for the webhook rules keyed on whsec_, would
/// only add places to list), and kept by the detector.</summary>
internal sealed class LiteralIndex
{
    /// <summary>At most this many rules share the one search; a rule beyond them searches for its own literals.</summary>
    public const int MaxRules = 64;

    private readonly (string Literal, ulong Rules)[][] _byFirstLetter = new (string, ulong)[128][];
    private readonly (string Literal, ulong Rules)[] _all;

    /// <param name="required">Each rule's literals (null: none), in rule order.</param>
    /// <param name="active">The bits of the rules whose literals are searched for; a rule's bit is the same in
    /// every index built from the same list.</param>
    public LiteralIndex(IReadOnlyList<IReadOnlyList<string>?> required, ulong active = ulong.MaxValue)
    {
        var bits = BitsOf(required);
        var rulesOf = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        for (int r = 0; r < required.Count; r++)
        {
            if (bits[r] < 0 || (active & (1UL << bits[r])) == 0)
            {
                continue;
            }

            foreach (var literal in required[r]!)
            {
                rulesOf[literal] = rulesOf.GetValueOrDefault(literal) | (1UL << bits[r]);
            }
        }

        BitOfRule = bits;
        _all = [.. rulesOf.Select(p => (p.Key, p.Value))];
        // A literal that starts with another is found where that one is (RulesAt compares it there): fewer strings
        // make a search with fewer false starts.
        var searched = rulesOf.Keys.Where(l => !rulesOf.Keys.Any(o => o.Length < l.Length && l.StartsWith(o, StringComparison.OrdinalIgnoreCase))).ToArray();
        Search = searched.Length == 0 ? null : SearchValues.Create(searched, StringComparison.OrdinalIgnoreCase);
        for (int c = 0; c < 128; c++)
        {
            _byFirstLetter[c] = [.. _all.Where(l => char.ToLowerInvariant(l.Literal[0]) == char.ToLowerInvariant((char)c))];
        }
    }

    /// <summary>Each rule's bit in <see cref="RulesAt"/>, or -1 for a rule outside the shared search.</summary>
    public IReadOnlyList<int> BitOfRule { get; }

    /// <summary>The bit of each rule with literals, in rule order (-1 for a rule without, or beyond
    /// <see cref="MaxRules"/>): the same for every index built from the same list.</summary>
    public static int[] BitsOf(IReadOnlyList<IReadOnlyList<string>?> required)
    {
        var bits = new int[required.Count];
        int next = 0;
        for (int r = 0; r < required.Count; r++)
        {
            bits[r] = required[r] is { Count: > 0 } && next < MaxRules ? next++ : -1;
        }

        return bits;
    }

    /// <summary>All the literals, ignoring case; null when no rule has any.</summary>
    public SearchValues<string>? Search { get; }

    /// <summary>The rules (bits) one of whose literals starts at <paramref name="at"/>, compared as
    /// <see cref="Search"/> compares (ordinal, ignoring case).</summary>
    public ulong RulesAt(ReadOnlySpan<char> text, int at)
    {
        char first = text[at];
        var candidates = first < 128 ? _byFirstLetter[first] : _all;
        ulong rules = 0;
        var rest = text[at..];
        foreach (var (literal, bits) in candidates)
        {
            if ((rules & bits) != bits && rest.StartsWith(literal, StringComparison.OrdinalIgnoreCase))
            {
                rules |= bits;
            }
        }

        return rules;
    }
}

/// <summary>Where the required literals of all rules stand in one text, found by one pass over it (not one per rule:
/// a text full of keyword lines, such as C# naming System.Linq on every line, made every rule read it once), listed
/// as they are first asked for, from <paramref name="from"/> on (where the rules' first windows start). The list holds
/// at most <paramref name="cap"/> places; past them, and before <paramref name="from"/>, each rule looks for its own
/// literals (<see cref="First"/>), as it would without the list.</summary>
internal sealed class LiteralHits(string text, LiteralIndex index, int cap, int from = 0)
{
    private const int Step = 4096;

    private int[] _positions = new int[16];
    private ulong[] _rules = new ulong[16];
    private int _count;
    private int _searchedUpTo = Math.Clamp(from, 0, text.Length);

    /// <summary>The first place at or after <paramref name="start"/> where one of the rule's literals starts, or
    /// <see cref="int.MaxValue"/>. <paramref name="cursor"/> is the rule's place in the list, kept between calls
    /// (0 at first): a rule asks from windows in order, so the list is walked about once per rule.</summary>
    public int Next(int bit, SearchValues<string> own, int start, ref int cursor)
    {
        if (start < from)
        {
            return First(text, own, start);
        }

        ulong mask = 1UL << bit;
        if (cursor > _count || (cursor > 0 && _positions[cursor - 1] >= start))
        {
            cursor = LowerBound(start);
        }

        while (true)
        {
            for (; cursor < _count; cursor++)
            {
                if (_positions[cursor] >= start && (_rules[cursor] & mask) != 0)
                {
                    return _positions[cursor];
                }
            }

            if (_searchedUpTo >= text.Length)
            {
                return int.MaxValue;
            }

            if (_count >= cap)
            {
                return First(text, own, Math.Max(start, _searchedUpTo));
            }

            SearchOn();
        }
    }

    /// <summary>Where one of <paramref name="literals"/> first starts at or after <paramref name="start"/>, or
    /// <see cref="int.MaxValue"/>: a rule's own search.</summary>
    public static int First(string text, SearchValues<string> literals, int start)
    {
        int found = text.AsSpan(start).IndexOfAny(literals);
        return found < 0 ? int.MaxValue : start + found;
    }

    private int LowerBound(int start)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_positions[middle] < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Lists the next places (up to <see cref="Step"/> of them, within the cap) where a literal starts.</summary>
    private void SearchOn()
    {
        var span = text.AsSpan();
        int limit = Math.Min(_count + Step, cap);
        while (_count < limit && _searchedUpTo < span.Length)
        {
            int found = span[_searchedUpTo..].IndexOfAny(index.Search!);
            if (found < 0)
            {
                _searchedUpTo = span.Length;
                break;
            }

            int at = _searchedUpTo + found;
            _searchedUpTo = at + 1;
            ulong rules = index.RulesAt(span, at);
            if (rules == 0)
            {
                continue;
            }

            if (_count == _positions.Length)
            {
                Array.Resize(ref _positions, _count * 2);
                Array.Resize(ref _rules, _count * 2);
            }

            _positions[_count] = at;
            _rules[_count] = rules;
            _count++;
        }
    }
}
