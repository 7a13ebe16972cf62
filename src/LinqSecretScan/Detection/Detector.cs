using System.Buffers;
using System.Text.RegularExpressions;
using LinqSecretScan.Core;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Detection;

/// <summary>Finds secrets in decoded text. It knows rules, not where the text came from.</summary>
/// <remarks>
/// One vectorised pass finds every keyword (case-insensitive) in the text; a rule's pattern then runs only over
/// the lines around its keywords, merged into windows so each line is searched at most once per rule. A file
/// without any keyword costs one pass over its characters (its bytes, before decoding: <see cref="MayMatch"/>).
/// Request and file rules, once a keyword is there, search the whole file and keep what the file's context says is
/// Linq's (<see cref="FileContext"/>). Variables that rules capture are resolved to their literal values within the
/// file (<see cref="VariableResolver"/>). Built-in patterns are source-generated with bounded quantifiers; custom
/// ones run NonBacktracking.
/// </remarks>
internal sealed class Detector
{
    /// <summary>A Linq config section longer than this is cut; a secret further down is still found by the
    /// other rules if it names Linq itself.</summary>
    private const int MaxSectionLines = 400;

    /// <summary>The characters that IgnoreCase regexes match to ASCII letters (see <see cref="LiteralCursor"/>).</summary>
    private static readonly SearchValues<char> FoldsToAsciiLetters = SearchValues.Create("\u0130\u0131\u017F\u212A");

    private readonly RuleSet _rules;
    private readonly Dictionary<string, int[]> _groupsByKeyword;
    private readonly int[] _groupOfRule;
    private readonly int _groupCount;
    private readonly AnchoredKeywords? _anchored;
    private readonly bool _hasRulesWithoutKeywordsOrPaths;
    private readonly bool _hasCustomRules;
    /// <summary>The numbers of the rules with a path pattern.</summary>
    private readonly int[] _pathRules;

    /// <summary>Per rule, its path pattern (null for a rule without one); and the package-artefact one.</summary>
    private readonly PathPattern?[] _pathPatterns;
    private readonly PathPattern? _packageArtifacts;
    private readonly Lazy<(Regex CredentialName, Regex CredentialKey)> _kubernetesKeys;
    private readonly Lazy<SearchValues<string>?>[] _requiredLiterals;
    private readonly Lazy<IReadOnlyList<string>?[]> _requiredLiteralLists;
    private readonly Lazy<int[]> _literalBits;

    /// <summary>Per rule: how far its matches reach (<see cref="MatchReach"/>), 0 for none known.</summary>
    private readonly Lazy<int>[] _matchReach;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, LiteralIndex> _literalIndexes = new();

    public Detector(RuleSet rules)
    {
        _rules = rules;
        (_groupsByKeyword, _groupOfRule, _groupCount) = BuildKeywordIndex(rules);
        _anchored = AnchoredKeywords.For(rules.Keywords, InertBeforeSemicolon(rules));
        _hasRulesWithoutKeywordsOrPaths = rules.Rules.Any(r => r.Keywords.Count == 0 && r.Paths is null);
        _hasCustomRules = rules.Rules.Any(r => !r.IsBuiltIn);
        _pathPatterns = [.. rules.Rules.Select(r => r.Paths is null ? null : new PathPattern(r.Paths, r.IsBuiltIn))];
        _pathRules = [.. Enumerable.Range(0, rules.Rules.Count).Where(r => _pathPatterns[r] is not null)];
        _packageArtifacts = rules.PackageArtifacts is { } artifacts ? new PathPattern(artifacts, builtIn: true) : null;
        _kubernetesKeys = new(KubernetesKeyPatterns);
        _requiredLiteralLists = new(() => [.. rules.Rules.Select(RequiredLiteralsOf)]);
        _requiredLiterals = [.. rules.Rules.Select((_, r) => new Lazy<SearchValues<string>?>(() => _requiredLiteralLists.Value[r] is { } literals ? SearchValues.Create([.. literals], StringComparison.OrdinalIgnoreCase) : null))];
        _literalBits = new(() => LiteralIndex.BitsOf(_requiredLiteralLists.Value));
        _matchReach = [.. rules.Rules.Select(r => new Lazy<int>(() => r.IsBuiltIn ? MatchReach.Of(r.PatternSource) ?? 0 : 0))];
    }

    public RuleSet Rules => _rules;

    /// <summary>In a text at least this long, a rule's windows are first checked for the literals its matches need
    /// (see <see cref="RequiredLiterals"/> and <see cref="LiteralCursor"/>): in a small file the regexes are cheaper
    /// than reading the patterns for them once (which a pre-commit hook on a file naming Linq would pay for every
    /// rule); in a large one (a log or C# full of comments naming System.Linq, minified code, a hostile line) one pass
    /// per rule spares a regex run on every line with a keyword. Settable for tests, which check that the check
    /// changes no result when it runs on every text.</summary>
    public int LiteralCheckChars { get; init; } = 64 << 10;

    /// <summary>A window at least this long (a line of megabytes, many lines with keywords run together) is searched
    /// only around the places its rule's literals stand, when the rule's matches have a known reach (see
    /// <see cref="SearchNearLiterals"/>). Settable for tests, which check that it changes no result.</summary>
    public int NearLiteralChars { get; init; } = 64 << 10;

    /// <summary>At most this many places where a required literal starts are listed per text (see
    /// <see cref="LiteralHits"/>); past them each rule searches on its own. Settable for tests.</summary>
    public int LiteralHitCap { get; init; } = 1 << 18;

    /// <summary>A rule with at least this many keyword lines, and a window of more than one line around them, finds
    /// its windows' edges in a list of the text's newlines (see <see cref="SearchAroundLines"/>). Settable for tests,
    /// which check that both ways give the same windows.</summary>
    public int NewlineListLines { get; init; } = 64;

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
    public bool MayMatch(string path, ReadOnlySpan<byte> asciiCompatibleContent)
    {
        if (_anchored is null || _hasRulesWithoutKeywordsOrPaths)
        {
            return true;
        }

        // Cheapest first: most content has no keyword, and most paths are no package artefact.
        bool? artifact = null;
        if (_anchored.AnyIn(asciiCompatibleContent) && (_hasCustomRules || !(artifact ??= IsPackageArtifact(path))))
        {
            return true;
        }

        foreach (int r in _pathRules)
        {
            var rule = _rules.Rules[r];
            if (!_pathPatterns[r]!.IsMatch(path) || (rule.IsBuiltIn && (artifact ??= IsPackageArtifact(path))))
            {
                continue;
            }

            if (rule.Keywords.Count == 0)
            {
                return true;
            }

            foreach (var keyword in rule.Keywords)
            {
                if (IgnoreCase.Contains(asciiCompatibleContent, keyword))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Which path-dependent behaviour applies to a path (path rules that match it, a package artefact, a HAR
    /// capture, a path named for Linq), exactly: detection results can be shared between paths with equal signatures,
    /// and only between those; the default value is the usual path where none applies.</summary>
    public PathRuleSignature PathRuleSignatureOf(string path)
    {
        int count = _pathRules.Length + 3;
        ulong bits = 0;
        char[]? more = null;
        for (int i = 0; i < count; i++)
        {
            bool applies = (i - _pathRules.Length) switch
            {
                < 0 => _pathPatterns[_pathRules[i]]!.IsMatch(path),
                0 => IsPackageArtifact(path),
                1 => FileContext.IsHarPath(path),
                _ => FileContext.NamesLinq(path),
            };
            if (!applies)
            {
                continue;
            }

            if (i < 64)
            {
                bits |= 1UL << i;
            }
            else
            {
                more ??= new string('0', count - 64).ToCharArray();
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

        bool artifact = IsPackageArtifact(path);
        var scan = new Scan(text, new FileContext(text, path), found, []);
        var hitLines = FindKeywordLines(text);
        // Which rules run, and on which lines; then the literals those rules need, found in one pass for all of them.
        var runs = new List<(int Rule, List<(int Start, int End)>? Lines, bool SharedLiterals)>();
        ulong needLiterals = 0;
        int literalsFrom = text.Length;
        bool checkLiterals = text.Length >= LiteralCheckChars;
        for (int r = 0; r < _rules.Rules.Count; r++)
        {
            var rule = _rules.Rules[r];
            if (artifact && rule.IsBuiltIn)
            {
                continue;
            }

            List<(int Start, int End)>? lines;
            if (_pathPatterns[r] is { } paths)
            {
                if (!paths.IsMatch(path))
                {
                    continue;
                }

                lines = rule.Keywords.Count == 0 ? null : FindLinesOf(text, rule.Keywords);
                if (lines is { Count: 0 })
                {
                    continue;
                }
            }
            else if (rule.Keywords.Count == 0)
            {
                lines = null;
            }
            else if (hitLines[r] is { Count: > 0 } hits)
            {
                lines = hits;
            }
            else
            {
                continue;
            }

            // A rule searched over the whole text asks for its literals once: it looks for them itself. The others
            // share one list of places, from where the first of their windows starts (a 4 MB line with a token at
            // its end has its only keyword line at the end).
            bool wholeText = lines is null || rule.Kind is RuleKind.Request or RuleKind.File;
            runs.Add((r, lines, !wholeText));
            if (checkLiterals && !wholeText && _requiredLiterals[r].Value is not null && _literalBits.Value[r] is var bit and >= 0)
            {
                needLiterals |= 1UL << bit;
                literalsFrom = Math.Min(literalsFrom, rule.Kind == RuleKind.Section ? lines![0].Start : MoveLines(text, lines![0].Start, -rule.LinesBefore));
            }
        }

        int[]? folds = null;
        var literalHits = needLiterals == 0 ? null : new LiteralHits(text, _literalIndexes.GetOrAdd(needLiterals, m => new LiteralIndex(_requiredLiteralLists.Value, m)), LiteralHitCap, literalsFrom);
        foreach (var (r, lines, sharedLiterals) in runs)
        {
            var rule = _rules.Rules[r];
            LiteralCursor required;
            if (checkLiterals && _requiredLiterals[r].Value is { } own)
            {
                int bit = _literalBits.Value[r];
                required = new LiteralCursor(own, folds ??= FoldsIn(text), bit < 0 || !sharedLiterals ? null : literalHits, bit)
                {
                    Reach = text.Length >= NearLiteralChars ? _matchReach[r].Value : 0,
                };
            }
            else
            {
                required = LiteralCursor.None;
            }

            switch (rule.Kind)
            {
                case RuleKind.Section:
                    SearchSections(rule, required, scan, lines);
                    break;
                case RuleKind.KubernetesSecret:
                    SearchKubernetesSecrets(rule, scan);
                    break;
                case RuleKind.Request or RuleKind.File:
                    SearchWindow(rule, required, scan, 0, text.Length);
                    break;
                default:
                    if (lines is null)
                    {
                        SearchWindow(rule, required, scan, 0, text.Length);
                    }
                    else
                    {
                        SearchAroundLines(rule, required, scan, lines);
                    }

                    break;
            }
        }

        ResolveVariables(scan);
        if (scan.Context.IsSealedSecret)
        {
            found.RemoveAll(d => d.Rule.SecretType == SecretType.CredentialValue && !d.Secret.StartsWith(SecretValidator.TokenPrefix, StringComparison.Ordinal));
        }

        return Deduplicate(found);
    }

    private static int LineStartOf(string text, int at) => at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;

    private bool IsPackageArtifact(string path) => _packageArtifacts?.IsMatch(path) == true;

    /// <summary>One Detect call's state.</summary>
    private sealed record Scan(string Text, FileContext Context, List<Detection> Found, List<(Rule Rule, string Name)> Variables)
    {
        private int[]? _newlines;

        /// <summary>Where every '\n' of the text stands, listed on first use.</summary>
        public int[] Newlines => _newlines ??= ListNewlines(Text);
    }

    /// <summary>For each rule, the (start, end) of every line holding one of its keywords, in order, each once. Rules
    /// with the same keywords share one list (most built-in rules have just "linq": a C# file naming System.Linq on
    /// every line made one list of all its lines per rule).</summary>
    private List<(int Start, int End)>?[] FindKeywordLines(string text)
    {
        var perRule = new List<(int Start, int End)>?[_rules.Rules.Count];
        if (_rules.Keywords.Count == 0)
        {
            return perRule;
        }

        var perGroup = new List<(int Start, int End)>?[_groupCount];
        var span = text.AsSpan();
        int lineStart = -1, lineEnd = -1;
        var batch = new List<(int Start, int Keyword)>();
        var keywords = _anchored?.Keywords ?? _rules.Keywords;
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

                foreach (int g in _groupsByKeyword[keywords[k]])
                {
                    var list = perGroup[g] ??= [];
                    if (list.Count == 0 || list[^1].Start != lineStart)
                    {
                        list.Add((lineStart, lineEnd));
                    }
                }
            }
        }

        for (int r = 0; r < perRule.Length; r++)
        {
            perRule[r] = _groupOfRule[r] < 0 ? null : perGroup[_groupOfRule[r]];
        }

        return perRule;
    }

    /// <summary>The lines that hold any of a path rule's keywords (ordinal, ignoring case), in order, each once.</summary>
    private static List<(int Start, int End)> FindLinesOf(string text, IReadOnlyList<string> keywords)
    {
        var starts = new SortedSet<int>();
        foreach (var keyword in keywords)
        {
            for (int at = IgnoreCase.IndexOf(text, keyword); at >= 0 && starts.Count < 100_000;
                 at = IgnoreCase.IndexOf(text, keyword, at + keyword.Length))
            {
                starts.Add(LineStartOf(text, at));
            }
        }

        var lines = new List<(int, int)>(starts.Count);
        foreach (int start in starts)
        {
            int end = text.IndexOf('\n', start);
            lines.Add((start, end < 0 ? text.Length : end));
        }

        return lines;
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
            int index = span[position..].IndexOfAny(_rules.KeywordSearch);
            if (index < 0)
            {
                position = span.Length;
                break;
            }

            int hit = position + index;
            for (int k = 0; k < _rules.Keywords.Count; k++)
            {
                if (span[hit..].StartsWith(_rules.Keywords[k], StringComparison.OrdinalIgnoreCase))
                {
                    batch.Add((hit, k));
                }
            }

            position = hit + 1;
        }

        return batch.Count > 0;
    }

    private void SearchAroundLines(Rule rule, LiteralCursor required, Scan scan, List<(int Start, int End)> lines)
    {
        string text = scan.Text;
        int windowStart = -1, windowEnd = -1;
        // Many lines with a window of several: by the list of newlines, not a search for each of them per line.
        int[]? newlines = lines.Count >= NewlineListLines && rule.LinesBefore + rule.LinesAfter > 1 ? scan.Newlines : null;
        int line = 0;
        foreach (var (start, end) in lines)
        {
            int from, to;
            if (newlines is null)
            {
                from = MoveLines(text, start, -rule.LinesBefore);
                to = MoveLines(text, end, rule.LinesAfter);
            }
            else
            {
                // The line's number: newlines before its end. Lines come in order, so the count goes on.
                while (line < newlines.Length && newlines[line] < end)
                {
                    line++;
                }

                int first = line - rule.LinesBefore;
                from = first <= 0 ? 0 : newlines[first - 1] + 1;
                int last = line + rule.LinesAfter;
                to = last < newlines.Length ? newlines[last] : text.Length;
            }

            if (windowStart >= 0 && from <= windowEnd)
            {
                windowEnd = Math.Max(windowEnd, to);
                continue;
            }

            if (windowStart >= 0)
            {
                SearchWindow(rule, required, scan, windowStart, windowEnd);
            }

            windowStart = from;
            windowEnd = to;
        }

        if (windowStart >= 0)
        {
            SearchWindow(rule, required, scan, windowStart, windowEnd);
        }
    }

    private static int[] ListNewlines(string text)
    {
        var span = text.AsSpan();
        var newlines = new List<int>();
        for (int at = span.IndexOf('\n'); at >= 0; at = span[(at + 1)..].IndexOf('\n') is var next and >= 0 ? at + 1 + next : -1)
        {
            newlines.Add(at);
        }

        return [.. newlines];
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

    /// <summary>Searches [start, end). After a match that yields nothing, the search goes on from its value (or the
    /// next character), not from its end: `LINQ_API_KEY=${LINQ_API_KEY:-…}` and `x = os.environ.get("LINQ_API_KEY") or
    /// "…"` hold a second, better match inside the first. One level deep: a match found inside a rejected match's
    /// span, and rejected in turn, goes on from its value or the end of that span, whichever is later: a rejected
    /// value is searched again once, not once for every name inside it. Without that bound `LINQ_API_KEY=LINQ_API_KEY=…` made every name a
    /// candidate whose 512-character value overlaps the next 39: 40 times the candidates of a search that goes on
    /// from each match's end, each matched and validated over 512 characters (a 3.9 MB line took 40 s instead of 4;
    /// PathologicalTextTests).</summary>
    private void SearchWindow(Rule rule, LiteralCursor required, Scan scan, int start, int end)
    {
        if (end <= start || !required.MayMatchIn(scan.Text, start, end))
        {
            return;
        }

        if (required.Reach > 0 && end - start >= NearLiteralChars)
        {
            SearchNearLiterals(rule, required, scan, start, end);
            return;
        }

        try
        {
            int position = start;
            int searchedAgainUpTo = -1;
            while (position < end)
            {
                var match = rule.Pattern.Match(scan.Text, position, end - position);
                if (!match.Success)
                {
                    break;
                }

                position = AcceptAndGoOn(rule, match, scan, ref searchedAgainUpTo);
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new DetectionTimeoutException(rule.Name, ex.MatchTimeout);
        }
    }

    /// <summary>Judges a match and returns where the search goes on (see <see cref="SearchWindow"/>: from a rejected
    /// match's value, once per span).</summary>
    private int AcceptAndGoOn(Rule rule, Match match, Scan scan, ref int searchedAgainUpTo)
    {
        int matchEnd = match.Index + match.Length;
        int next = Accept(rule, match, scan);
        if (next < matchEnd)
        {
            if (match.Index < searchedAgainUpTo)
            {
                next = Math.Max(next, searchedAgainUpTo);
            }
            else
            {
                searchedAgainUpTo = matchEnd;
            }
        }

        return Math.Max(next, match.Index + 1);
    }

    /// <summary><see cref="SearchWindow"/> over a long window, with the same matches, for a rule whose matches reach at
    /// most <c>reach</c> characters from their start and each hold one of the rule's literals: a match starts at most
    /// that far before a literal, so the regex runs only over the stretches around the places where literals stand
    /// (places closer than twice the reach make one stretch; any place inside a stretch is covered by it, so places
    /// leapt over while growing one need no look), each cut off that far after its last place. A rule
    /// whose pattern starts at a line start or a ';' (which gives the regex no first character to search for) tried
    /// every letter of a 3 MB line that names Linq a few dozen times; now it tries a few hundred characters around
    /// each. As in SearchWindow the regex's input begins where the search goes on (lookbehinds and `^` see nothing
    /// before it); a stretch is skipped to by a span search from there, and the match found is read again from its
    /// own start for its groups, or, should that read differ, from where the search goes on.</summary>
    private void SearchNearLiterals(Rule rule, LiteralCursor required, Scan scan, int start, int end)
    {
        string text = scan.Text;
        int reach = required.Reach;
        int position = start;
        int searchedAgainUpTo = -1;
        int from = start;
        int first = -1, last = -1;
        try
        {
            while (from < end)
            {
                if (from > last)
                {
                    first = required.NextAt(text, from);
                    if (first >= end)
                    {
                        return;
                    }

                    // The stretch grows by leaps of the reach while the place at or after the leap is within twice the
                    // reach (a run of a million keywords is not walked one place at a time); places leapt over lie
                    // inside it. Where the leap finds nothing close, the stretch still takes in the places before the
                    // leap without a look, and the next one starts from the place the leap found: every question to
                    // the cursor is forward of the last (a question back made a rule's own search start over).
                    last = first;
                    while (true)
                    {
                        int leap = required.NextAt(text, last + reach);
                        if (leap < end && leap - last <= 2 * reach)
                        {
                            last = leap;
                            continue;
                        }

                        last = (int)Math.Min(end - 1L, (long)last + reach - 1);
                        break;
                    }
                }

                int stretchEnd = (int)Math.Min(end, (long)last + reach + 2);
                int scanFrom = Math.Max(from, first - reach);
                Match? match;
                if (scanFrom <= position)
                {
                    match = rule.Pattern.Match(text, position, stretchEnd - position);
                }
                else
                {
                    match = null;
                    foreach (var found in rule.Pattern.EnumerateMatches(text.AsSpan(position, stretchEnd - position), scanFrom - position))
                    {
                        int at = position + found.Index;
                        match = rule.Pattern.Match(text, at, stretchEnd - at);
                        if (!match.Success || match.Index != at || match.Length != found.Length)
                        {
                            match = rule.Pattern.Match(text, position, stretchEnd - position);
                        }

                        break;
                    }
                }

                if (match is not { Success: true } || match.Index > last)
                {
                    // Nothing starts in this stretch: the next one.
                    from = last + 1;
                    continue;
                }

                position = AcceptAndGoOn(rule, match, scan, ref searchedAgainUpTo);
                from = position;
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new DetectionTimeoutException(rule.Name, ex.MatchTimeout);
        }
    }

    /// <summary>Literals one of which every match of a built-in rule holds (see <see cref="RequiredLiterals"/>); null
    /// for a custom rule, whose pattern is the user's, and for a rule that requires no useful literal. A literal that
    /// holds another of the set is left out: a match lies within its window, so where it holds the longer one the
    /// shorter one starts within the window too (`apikey` is found by `api`, `--token` by `-t`).</summary>
    private static IReadOnlyList<string>? RequiredLiteralsOf(Rule rule)
    {
        if (!rule.IsBuiltIn || RequiredLiterals.Of(rule.PatternSource, rule.Keywords) is not { } literals)
        {
            return null;
        }

        return [.. literals.Where(l => !literals.Any(o => o.Length < l.Length && l.Contains(o, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>Where the characters that IgnoreCase folds onto ASCII letters stand in a text, in order (see
    /// <see cref="LiteralCursor"/>): none in ASCII text, which one vectorised pass tells; null when there are too many
    /// to list, and then every window is searched.</summary>
    private static int[]? FoldsIn(string text)
    {
        var span = text.AsSpan();
        if (!span.ContainsAnyExceptInRange((char)0, (char)0x7F))
        {
            return [];
        }

        var positions = new List<int>();
        for (int at = span.IndexOfAny(FoldsToAsciiLetters); at >= 0; at = span[(at + 1)..].IndexOfAny(FoldsToAsciiLetters) is var next and >= 0 ? at + 1 + next : -1)
        {
            if (positions.Count == 4096)
            {
                return null;
            }

            positions.Add(at);
        }

        return [.. positions];
    }

    /// <summary>Where, from a window on, the next of a rule's required literals stands in the text, and the next
    /// character that IgnoreCase folds onto an ASCII letter: a window before both cannot hold a match. The literals
    /// are looked for ignoring ASCII case; .NET's IgnoreCase regexes also match the Kelvin sign to k, which an ordinal
    /// search does not (and other case tables fold the long s to s and the Turkish dotted and dotless i to i), so a
    /// window with one of those is always searched. A rule's windows come in order, so each search starts where the
    /// last one stopped being useful. The places come from the list all rules share (<see cref="LiteralHits"/>, one
    /// pass over the text for all of them), or for a rule outside it from its own search, once over the text.</summary>
    private sealed class LiteralCursor(SearchValues<string>? required, int[]? folds, LiteralHits? shared = null, int bit = -1)
    {
        /// <summary>No check: every window is searched.</summary>
        public static readonly LiteralCursor None = new(null, null);

        private int _lastStart = int.MaxValue;
        private int _nextLiteral;
        private int _fold;
        private int _sharedCursor;

        /// <summary>How far the rule's matches reach (see <see cref="SearchNearLiterals"/>); 0 when unknown or not
        /// to be used.</summary>
        public int Reach
        {
            get => required is null || folds is null ? 0 : field;
            init;
        }

        /// <summary>Where, at or after <paramref name="from"/>, the next literal or folding character stands;
        /// <see cref="int.MaxValue"/> when none does. Only with literals and a list of folds (<see cref="Reach"/> is
        /// 0 otherwise).</summary>
        public int NextAt(string text, int from)
        {
            if (from >= text.Length)
            {
                return int.MaxValue;
            }

            Advance(text, from);
            return Math.Min(_nextLiteral, _fold < folds!.Length ? folds[_fold] : int.MaxValue);
        }

        public bool MayMatchIn(string text, int start, int end)
        {
            if (required is null || folds is null)
            {
                return true;
            }

            Advance(text, start);
            return _nextLiteral < end || (_fold < folds.Length && folds[_fold] < end);
        }

        private void Advance(string text, int start)
        {
            if (start < _lastStart)
            {
                // The first window, or one before the last: start over.
                _nextLiteral = -1;
                _fold = 0;
            }

            _lastStart = start;
            if (_nextLiteral < start)
            {
                if (shared is not null)
                {
                    _nextLiteral = shared.Next(bit, required!, start, ref _sharedCursor);
                }
                else
                {
                    _nextLiteral = LiteralHits.First(text, required!, start);
                }
            }

            while (_fold < folds!.Length && folds[_fold] < start)
            {
                _fold++;
            }
        }
    }

    /// <summary>Judges one match; returns where the search goes on.</summary>
    private int Accept(Rule rule, Match match, Scan scan)
    {
        int matchEnd = match.Index + match.Length;
        var secretGroup = match.Groups["secret"];
        bool hasVariable = match.Groups.TryGetValue("var", out var variable) && variable.Success;
        int retry = secretGroup.Success ? Math.Max(secretGroup.Index, match.Index + 1) : match.Index + 1;
        if (rule.Kind == RuleKind.Request && !scan.Context.RequestGoesTo(match.Index, rule.Hosts))
        {
            return retry;
        }

        if (!secretGroup.Success)
        {
            if (hasVariable)
            {
                scan.Variables.Add((rule, variable!.Value));
                return matchEnd;
            }

            return retry;
        }

        bool quoted = match.Groups.TryGetValue("q", out var q) && q.Success;
        bool call = match.Groups.TryGetValue("call", out var c) && c.Success && c.Length > 0;
        var detection = Judge(rule, scan, secretGroup.Value, secretGroup.Index, quoted, call);
        if (detection is null)
        {
            return retry;
        }

        scan.Found.Add(detection);
        return Math.Max(matchEnd, detection.Offset + detection.Length);
    }

    /// <summary>A value at <paramref name="offset"/> in the text: joined with literals concatenated to it,
    /// validated for the rule's secret type and context; null when it is not a secret.</summary>
    private Detection? Judge(Rule rule, Scan scan, string value, int offset, bool quoted, bool call)
    {
        int end = offset + value.Length;
        bool joined = false;
        if (rule.SecretType is SecretType.PrefixedToken or SecretType.CredentialValue && SplitLiterals.Join(scan.Text, value, end) is { } join)
        {
            value = join.Joined;
            end = join.End;
            joined = true;
        }

        string? secret = SecretValidator.Validate(rule.SecretType, value, quoted, call, _rules.KnownExampleSha256);
        if (secret is null)
        {
            return null;
        }

        int at = joined ? offset : offset + Math.Max(0, value.IndexOf(secret, StringComparison.Ordinal));
        int length = joined ? end - offset : secret.Length;
        if (rule.Accept == RuleAcceptance.LinqVendor && !scan.Context.NearestVendorIsLinq(at))
        {
            return null;
        }

        return new Detection(rule, secret, at, length);
    }

    private void SearchSections(Rule rule, LiteralCursor required, Scan scan, List<(int Start, int End)>? lines)
    {
        string text = scan.Text;
        lines ??= [.. rule.Header!.Matches(text).Select(m => (LineStartOf(text, m.Index), m.Index + m.Length))];
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
                SearchWindow(rule, required, scan, blockStart, blockEnd);
                searchedUpTo = blockEnd;
            }
        }
    }

    /// <summary>Kubernetes Secrets: each data: value decoded, each stringData: value as it is (see
    /// <see cref="KubernetesSecrets"/>).</summary>
    private void SearchKubernetesSecrets(Rule rule, Scan scan)
    {
        var (credentialName, credentialKey) = _kubernetesKeys.Value;
        try
        {
            foreach (var entry in KubernetesSecrets.Entries(rule, scan.Text))
            {
                string value = entry.Value.Trim();
                bool linqKey = credentialName.IsMatch(entry.Key);
                string? secret = null;
                if (rule.SecretType == SecretType.WebhookSecret)
                {
                    if (value.StartsWith(WebhookSecrets.Prefix, StringComparison.Ordinal)
                        && (linqKey || entry.SecretNamedForLinq || entry.Key.Contains("linq", StringComparison.OrdinalIgnoreCase) || scan.Context.NearestVendorIsLinq(entry.Offset)))
                    {
                        secret = SecretValidator.Validate(SecretType.WebhookSecret, value, true, false, _rules.KnownExampleSha256);
                    }
                }
                else if (value.StartsWith(SecretValidator.TokenPrefix, StringComparison.Ordinal))
                {
                    secret = SecretValidator.ValidatePrefixed(value);
                }
                else if (linqKey || (entry.SecretNamedForLinq && credentialKey.IsMatch(entry.Key)))
                {
                    secret = SecretValidator.Validate(SecretType.CredentialValue, value, true, false, _rules.KnownExampleSha256);
                }

                if (secret is not null)
                {
                    scan.Found.Add(new Detection(rule, secret, entry.Offset, entry.Length));
                }
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new DetectionTimeoutException(rule.Name, ex.MatchTimeout);
        }
    }

    /// <summary>The variables the rules captured, resolved to the literals the file gives them.</summary>
    private void ResolveVariables(Scan scan)
    {
        if (scan.Variables.Count == 0 || _rules.VariableAssignment is null)
        {
            return;
        }

        var resolver = new VariableResolver(scan.Text, _rules.VariableAssignment.Value);
        var seen = new HashSet<(string, string)>();
        foreach (var (rule, name) in scan.Variables)
        {
            if (!seen.Add((rule.Id, name)))
            {
                continue;
            }

            foreach (var (offset, _, value, quoted, call) in resolver.Assignments(name))
            {
                if (Judge(rule, scan, value, offset, quoted, call) is { } detection)
                {
                    scan.Found.Add(detection);
                }
            }
        }
    }

    /// <summary>Overlapping detections under one rule id: the first (then longest) wins. At one offset, a Kubernetes
    /// data: value decoded wins over the same base64 text read as it is.</summary>
    private static List<Detection> Deduplicate(List<Detection> found)
    {
        if (found.Count < 2)
        {
            return found;
        }

        var ordered = found
            .Select((d, i) => (Detection: d, Index: i))
            .OrderBy(x => x.Detection.Offset)
            .ThenByDescending(x => x.Detection.Length)
            .ThenBy(x => x.Detection.Rule.Kind == RuleKind.KubernetesSecret ? 0 : 1)
            .ThenBy(x => x.Index)
            .Select(x => x.Detection);
        var result = new List<Detection>(found.Count);
        var reachedByRuleId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var detection in ordered)
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

    /// <summary>The rules found by keyword lines (not path rules) grouped by their keywords (as a set, ignoring case):
    /// for each keyword the groups that have it, for each rule its group (-1 for none), and how many groups.</summary>
    private static (Dictionary<string, int[]> GroupsByKeyword, int[] GroupOfRule, int Count) BuildKeywordIndex(RuleSet rules)
    {
        var groupOfRule = new int[rules.Rules.Count];
        var groups = new List<string[]>();
        for (int r = 0; r < rules.Rules.Count; r++)
        {
            var rule = rules.Rules[r];
            groupOfRule[r] = -1;
            if (rule.Paths is not null || rule.Keywords.Count == 0)
            {
                continue;
            }

            var set = rule.Keywords.Select(k => k.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            int g = groups.FindIndex(other => other.SequenceEqual(set, StringComparer.Ordinal));
            if (g < 0)
            {
                g = groups.Count;
                groups.Add(set);
            }

            groupOfRule[r] = g;
        }

        var index = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var keyword in rules.Keywords)
        {
            index[keyword] = [.. Enumerable.Range(0, groups.Count).Where(g => groups[g].Contains(keyword, StringComparer.OrdinalIgnoreCase))];
        }

        return (index, groupOfRule, groups.Count);
    }

    /// <summary>Key names for Kubernetes Secret entries: a Linq credential name (LINQ_API_KEY), and the credential
    /// keys that count inside a Secret named for Linq (api-key, token, apiKey...). Built from the rule file's
    /// fragments, once, when a Secret is first read.</summary>
    private static (Regex, Regex) KubernetesKeyPatterns()
    {
        string Expand(string pattern) => RuleLoader.Expand(pattern, RuleLoader.BuiltInFragments, "built-in rules");
        return (
            new Regex(Expand("^(?:%credName%)$"), RuleLoader.BuiltInOptions, RuleLoader.MatchTimeout),
            new Regex(Expand("^(?:%credKey%|(?:webhook|signing)[_.-]?secret)s?$"), RuleLoader.BuiltInOptions, RuleLoader.MatchTimeout));
    }
}
