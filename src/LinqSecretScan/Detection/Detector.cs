using System.Text.RegularExpressions;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Detection;

/// <summary>Finds secrets in decoded text. It knows rules, not where the text came from.</summary>
/// <remarks>
/// One vectorised pass finds every keyword (case-insensitive) in the text; a rule's pattern then runs only over
/// the lines around its keywords, merged into windows so each line is searched at most once per rule. A file
/// without any keyword costs one pass over its characters (its bytes, before decoding: <see cref="MayMatch"/>).
/// Built-in patterns are source-generated with bounded quantifiers; custom ones run NonBacktracking.
/// </remarks>
internal sealed class Detector(RuleSet rules)
{
    /// <summary>A Linq config section longer than this is cut; a secret further down is still found by the
    /// other rules if it names Linq itself.</summary>
    private const int MaxSectionLines = 400;

    private readonly Dictionary<string, int[]> _rulesByKeyword = BuildKeywordIndex(rules);
    private readonly AnchoredKeywords? _anchored = AnchoredKeywords.For(rules.Keywords, InertBeforeSemicolon(rules));
    private readonly bool _hasRulesWithoutKeywordsOrPaths = rules.Rules.Any(r => r.Keywords.Count == 0 && r.Paths is null);
    private readonly Rule[] _pathRules = [.. rules.Rules.Where(r => r.Paths is not null)];

    public RuleSet Rules => rules;

    /// <summary>The built-in keyword "linq" is there for names such as LINQ_API_KEY, Linq:ApiKey, [linq] or
    /// "Linq": {…}: in every built-in pattern that holds it, "linq" is followed by a letter, a separator, a quote,
    /// ']' or ':' / '=', never by ';'. So `using System.Linq;`, in nearly every C# file, cannot be part of a
    /// built-in match, and content whose only keywords are such statements is not even decoded: a C# file full of
    /// LINQ costs what any other file costs. A custom rule with the keyword could match anything, so with one
    /// this is off. DetectorTests checks it against every example of every rule.</summary>
    private static IEnumerable<string> InertBeforeSemicolon(RuleSet rules) =>
        rules.Rules.Any(r => !r.IsSourceGenerated && r.Keywords.Contains("linq", StringComparer.OrdinalIgnoreCase)) ? [] : ["linq"];

    /// <summary>False when ASCII-compatible content (UTF-8, Latin-1) certainly holds nothing for any rule at this
    /// path: no keyword, and no rule that runs without one. Such content is not even decoded.</summary>
    public bool MayMatch(string path, ReadOnlySpan<byte> asciiCompatibleContent) =>
        _anchored is null
        || _hasRulesWithoutKeywordsOrPaths
        || !PathRuleSignatureOf(path).IsNone
        || _anchored.AnyIn(asciiCompatibleContent);

    /// <summary>Which path-restricted rules apply to a path: detection results can be shared between paths with the
    /// same signature, and only between those.</summary>
    public PathRuleSignature PathRuleSignatureOf(string path)
    {
        ulong bits = 0;
        char[]? more = null;
        for (int i = 0; i < _pathRules.Length; i++)
        {
            if (!_pathRules[i].Paths!.IsMatch(path))
            {
                continue;
            }

            if (i < 64)
            {
                bits |= 1UL << i;
            }
            else
            {
                more ??= new string('0', _pathRules.Length - 64).ToCharArray();
                more[i - 64] = '1';
            }
        }

        return new PathRuleSignature(bits, more is null ? null : new string(more));
    }

    public IReadOnlyList<Detection> Detect(string path, string text)
    {
        var found = new List<Detection>();
        if (text.Length == 0)
        {
            return found;
        }

        var hitLines = FindKeywordLines(text);
        for (int r = 0; r < rules.Rules.Count; r++)
        {
            var rule = rules.Rules[r];
            if (rule.Paths is not null && !rule.Paths.IsMatch(path))
            {
                continue;
            }

            if (rule.Keywords.Count == 0)
            {
                SearchWindow(rule, text, 0, text.Length, found);
                continue;
            }

            if (hitLines[r] is not { Count: > 0 } lines)
            {
                continue;
            }

            if (rule.Kind == RuleKind.Section)
            {
                SearchSections(rule, text, lines, found);
            }
            else
            {
                SearchAroundLines(rule, text, lines, found);
            }
        }

        return Deduplicate(found);
    }

    /// <summary>For each rule, the (start, end) of every line holding one of its keywords, in order, each once.</summary>
    private List<(int Start, int End)>?[] FindKeywordLines(string text)
    {
        var perRule = new List<(int Start, int End)>?[rules.Rules.Count];
        if (rules.Keywords.Count == 0)
        {
            return perRule;
        }

        var span = text.AsSpan();
        int lineStart = -1, lineEnd = -1;
        var batch = new List<(int Start, int Keyword)>();
        var keywords = _anchored?.Keywords ?? rules.Keywords;
        int position = 0;
        while (NextKeywordHits(span, ref position, batch))
        {
            foreach (var (hit, k) in batch)
            {
                if (hit >= lineEnd)
                {
                    int previousNewline = span[..hit].LastIndexOf('\n');
                    lineStart = previousNewline + 1;
                    int nextNewline = span[hit..].IndexOf('\n');
                    lineEnd = nextNewline < 0 ? span.Length : hit + nextNewline;
                }

                foreach (int r in _rulesByKeyword[keywords[k]])
                {
                    var list = perRule[r] ??= [];
                    if (list.Count == 0 || list[^1].Start != lineStart)
                    {
                        list.Add((lineStart, lineEnd));
                    }
                }
            }
        }

        return perRule;
    }

    /// <summary>The next batch of keyword occurrences as (start, keyword number in <see cref="AnchoredKeywords.Keywords"/>
    /// or, without them, in the rules' keywords), in order, from <paramref name="position"/> on: by anchor letter when
    /// the keywords are ASCII, with .NET's multi-string search otherwise. Batches keep a text of a million keywords
    /// (a hostile input) from turning into lists of a million hits.</summary>
    private bool NextKeywordHits(ReadOnlySpan<char> span, ref int position, List<(int Start, int Keyword)> batch)
    {
        const int BatchSize = 4096;
        batch.Clear();
        if (_anchored is not null)
        {
            _anchored.FindSome(span, ref position, batch, BatchSize);
            return batch.Count > 0;
        }

        while (position < span.Length && batch.Count < BatchSize)
        {
            int index = span[position..].IndexOfAny(rules.KeywordSearch);
            if (index < 0)
            {
                position = span.Length;
                break;
            }

            int hit = position + index;
            for (int k = 0; k < rules.Keywords.Count; k++)
            {
                if (span[hit..].StartsWith(rules.Keywords[k], StringComparison.OrdinalIgnoreCase))
                {
                    batch.Add((hit, k));
                }
            }

            position = hit + 1;
        }

        return batch.Count > 0;
    }

    private void SearchAroundLines(Rule rule, string text, List<(int Start, int End)> lines, List<Detection> found)
    {
        int windowStart = -1, windowEnd = -1;
        foreach (var (start, end) in lines)
        {
            int from = MoveLines(text, start, -rule.LinesBefore);
            int to = MoveLines(text, end, rule.LinesAfter);
            if (windowStart >= 0 && from <= windowEnd)
            {
                windowEnd = Math.Max(windowEnd, to);
                continue;
            }

            if (windowStart >= 0)
            {
                SearchWindow(rule, text, windowStart, windowEnd, found);
            }

            windowStart = from;
            windowEnd = to;
        }

        if (windowStart >= 0)
        {
            SearchWindow(rule, text, windowStart, windowEnd, found);
        }
    }

    /// <summary>From a line start (negative count) or a line end (positive count), moves that many lines and
    /// returns the start or end of the line reached.</summary>
    private static int MoveLines(string text, int offset, int count)
    {
        var span = text.AsSpan();
        if (count < 0)
        {
            int position = offset;
            for (int i = 0; i < -count && position > 0; i++)
            {
                int previous = span[..(position - 1)].LastIndexOf('\n');
                position = previous + 1;
            }

            return position;
        }

        int end = offset;
        for (int i = 0; i < count && end < span.Length; i++)
        {
            int next = span[(end + 1)..].IndexOf('\n');
            end = next < 0 ? span.Length : end + 1 + next;
        }

        return end;
    }

    private void SearchWindow(Rule rule, string text, int start, int end, List<Detection> found)
    {
        if (end <= start)
        {
            return;
        }

        try
        {
            var match = rule.Pattern.Match(text, start, end - start);
            while (match.Success)
            {
                Accept(rule, match, found);
                match = match.NextMatch();
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new DetectionTimeoutException(rule.Name, ex.MatchTimeout);
        }
    }

    private void Accept(Rule rule, Match match, List<Detection> found)
    {
        var secretGroup = match.Groups["secret"];
        if (!secretGroup.Success)
        {
            return;
        }

        bool quoted = match.Groups.TryGetValue("q", out var q) && q.Success;
        bool call = match.Groups.TryGetValue("call", out var c) && c.Success && c.Length > 0;
        string? secret = SecretValidator.Validate(rule.SecretType, secretGroup.Value, quoted, call, rules.KnownExampleSha256);
        if (secret is null)
        {
            return;
        }

        int offset = secretGroup.Index + secretGroup.Value.IndexOf(secret, StringComparison.Ordinal);
        found.Add(new Detection(rule, secret, offset, secret.Length));
    }

    private void SearchSections(Rule rule, string text, List<(int Start, int End)> lines, List<Detection> found)
    {
        int searchedUpTo = -1;
        foreach (var (start, end) in lines)
        {
            bool isHeader;
            try
            {
                isHeader = start >= searchedUpTo && rule.Header!.IsMatch(text.AsSpan(start, end - start));
            }
            catch (RegexMatchTimeoutException ex)
            {
                throw new DetectionTimeoutException(rule.Name, ex.MatchTimeout);
            }

            if (!isHeader)
            {
                continue;
            }

            var (blockStart, blockEnd) = SectionBlocks.Find(text, start, end, MaxSectionLines);
            if (blockEnd > blockStart)
            {
                SearchWindow(rule, text, blockStart, blockEnd, found);
                searchedUpTo = blockEnd;
            }
        }
    }

    private static List<Detection> Deduplicate(List<Detection> found)
    {
        if (found.Count < 2)
        {
            return found;
        }

        found.Sort((a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : b.Length.CompareTo(a.Length));
        var result = new List<Detection>(found.Count);
        var reachedByRuleId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var detection in found)
        {
            if (reachedByRuleId.TryGetValue(detection.Rule.Id, out int reached) && detection.Offset < reached)
            {
                continue;
            }

            reachedByRuleId[detection.Rule.Id] = detection.Offset + detection.Length;
            result.Add(detection);
        }

        return result;
    }

    private static Dictionary<string, int[]> BuildKeywordIndex(RuleSet rules)
    {
        var index = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var keyword in rules.Keywords)
        {
            index[keyword] = Enumerable.Range(0, rules.Rules.Count)
                .Where(i => rules.Rules[i].Keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
                .ToArray();
        }

        return index;
    }
}
