namespace LinqSecretScan.Detection;

/// <summary>Literals of which every match of a pattern holds at least one (lower-cased, to be looked for ignoring
/// case), read from the pattern's text: `key`, `token` or `secret` for a pattern built on %credName%, `uses:` for a
/// CI action's input. The detector skips a rule's window that holds none of them without running the rule's regex:
/// on a line of a million `linq_`, where every keyword is a place the regex must be tried at, the rules that need a
/// credential word next to it cost nothing.</summary>
/// <remarks>
/// A small reader for the regex syntax the rule file uses. It is conservative: whatever it does not know
/// (classes like \w or `.`, back-references, conditionals, comments, the x option) matches "anything" and so
/// requires nothing, and a literal that is not ASCII makes its part require nothing (the regex engine's case
/// folding joins a few non-ASCII characters to ASCII letters, such as the Kelvin sign to k, which an ordinal search
/// would not). Literals that are part of the rule's keywords are useless here (a keyword is in every window) and
/// are not chosen.
/// </remarks>
internal static class RequiredLiterals
{
    /// <summary>At most this many strings in a set of exact matches (a cross product of small alternations).</summary>
    private const int MaxExact = 32;

    /// <summary>At most this many literals in a requirement; beyond that the rule runs without one.</summary>
    private const int MaxRequired = 64;

    private const int MaxLength = 64;

    /// <summary>Null when the pattern requires no literal worth searching for (one of at least two characters that is
    /// not part of a keyword), or when its syntax is beyond this reader.</summary>
    public static IReadOnlyList<string>? Of(string pattern, IEnumerable<string> keywords)
    {
        var lowered = keywords.Select(k => k.ToLowerInvariant()).ToArray();
        Info root;
        try
        {
            var reader = new Reader(pattern, lowered);
            root = reader.Alternation();
            if (!reader.AtEnd)
            {
                return null;
            }
        }
        catch (UnknownSyntaxException)
        {
            return null;
        }

        var best = Best(lowered, root.Required, AsRequirement(root.Exact));
        return best is not null && Weight(best, lowered) >= 2 ? best : null;
    }

    /// <summary>What is known of a part of a pattern: every string it can match (when there are few), and literals of
    /// which each of its matches holds one.</summary>
    private sealed record Info(List<string>? Exact, List<string>? Required)
    {
        public static readonly Info Unknown = new(null, null);

        public static readonly Info Empty = new([string.Empty], null);
    }

    private sealed class UnknownSyntaxException : Exception;

    /// <summary>Recursive descent over the pattern, building each part's <see cref="Info"/>.</summary>
    private sealed class Reader(string pattern, string[] keywords)
    {
        private int _at;

        public bool AtEnd => _at >= pattern.Length;

        public Info Alternation()
        {
            var branches = new List<Info> { Sequence() };
            while (!AtEnd && pattern[_at] == '|')
            {
                _at++;
                branches.Add(Sequence());
            }

            return branches.Count == 1 ? branches[0] : Union(branches, keywords);
        }

        private Info Sequence()
        {
            var items = new List<Info>();
            while (!AtEnd && pattern[_at] is not '|' and not ')')
            {
                items.Add(Quantified(Atom()));
            }

            return Concatenation(items, keywords);
        }

        private Info Atom()
        {
            char c = pattern[_at++];
            switch (c)
            {
                case '(':
                    return RepeatedOrNot() ? Info.Unknown : Group();
                case '[':
                    return Class();
                case '\\':
                    return Escape();
                case '.':
                    return Info.Unknown;
                case '^' or '$':
                    return Info.Empty;
                case '*' or '+' or '?':
                    throw new UnknownSyntaxException();
                default:
                    return LiteralRun(c);
            }
        }

        /// <summary>A literal character with the plain literals after it (one string, not one part per character),
        /// leaving out a last one that a quantifier applies to.</summary>
        private Info LiteralRun(char first)
        {
            if (first > 0x7F)
            {
                return Info.Unknown;
            }

            int from = _at - 1;
            while (!AtEnd && IsPlain(pattern[_at]) && !(_at + 1 < pattern.Length && pattern[_at + 1] is '*' or '+' or '?' or '{'))
            {
                _at++;
            }

            return new Info([pattern[from.._at].ToLowerInvariant()], null);
        }

        private static bool IsPlain(char c) => c <= 0x7F && "\\[](){}|?*+.^$".IndexOf(c) < 0;

        /// <summary>A group under a quantifier that allows none and more than one (`(...){0,4}`, `(...)*`) requires
        /// nothing and has too many exact matches to count: it is stepped over without being read (the long
        /// alternations of the rule file's fragments sit in such groups, and reading them cost milliseconds).</summary>
        private bool RepeatedOrNot()
        {
            int depth = 1, i = _at;
            while (depth > 0)
            {
                if (i >= pattern.Length)
                {
                    throw new UnknownSyntaxException();
                }

                char c = pattern[i++];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '[')
                {
                    i = pattern.IndexOf(']', pattern[i] == '^' ? i + 2 : i + 1);
                    while (i > 0 && pattern[i - 1] == '\\' && !Escaped(i - 1))
                    {
                        i = pattern.IndexOf(']', i + 1);
                    }

                    if (i < 0)
                    {
                        throw new UnknownSyntaxException();
                    }

                    i++;
                }
                else if (c == '(')
                {
                    if (pattern.AsSpan(i).StartsWith("?#") || (pattern.AsSpan(i).StartsWith("?") && InlineOptionsWithX(i + 1)))
                    {
                        throw new UnknownSyntaxException();
                    }

                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
            }

            bool skip = i < pattern.Length && (pattern[i] == '*' || (pattern[i] == '{' && pattern.AsSpan(i).StartsWith("{0,") && !pattern.AsSpan(i).StartsWith("{0,1}")));
            if (skip)
            {
                _at = i;
            }

            return skip;
        }

        /// <summary>Whether the backslash at <paramref name="at"/> is itself escaped (preceded by an odd run of
        /// backslashes).</summary>
        private bool Escaped(int at)
        {
            int run = 0;
            for (int j = at - 1; j >= 0 && pattern[j] == '\\'; j--)
            {
                run++;
            }

            return run % 2 == 1;
        }

        private bool InlineOptionsWithX(int at)
        {
            for (int j = at; j < pattern.Length && pattern[j] is 'i' or 'm' or 'n' or 's' or 'x' or '-'; j++)
            {
                if (pattern[j] == 'x')
                {
                    return true;
                }
            }

            return false;
        }

        private Info Group()
        {
            var kind = GroupOpening.Read(pattern, ref _at);
            switch (kind)
            {
                case GroupKind.Unknown:
                    throw new UnknownSyntaxException();
                case GroupKind.OptionsOnly:
                    return Info.Empty;
            }

            bool zeroWidth = kind is GroupKind.Lookahead or GroupKind.Lookbehind;
            var inner = Alternation();
            if (!Next(')'))
            {
                throw new UnknownSyntaxException();
            }

            return zeroWidth ? Info.Empty : inner;
        }

        private Info Escape()
        {
            if (AtEnd)
            {
                throw new UnknownSyntaxException();
            }

            char c = pattern[_at++];
            return c switch
            {
                'b' or 'B' or 'A' or 'z' or 'Z' or 'G' => Info.Empty,
                't' => Literal('\t'),
                'n' => Literal('\n'),
                'r' => Literal('\r'),
                'f' => Literal('\f'),
                'v' => Literal('\v'),
                'e' => Literal('\u001B'),
                'a' => Literal('\a'),
                'x' => Literal(Hex(2)),
                'u' => Literal(Hex(4)),
                'p' or 'P' => SkipProperty(),
                'd' or 'D' or 'w' or 'W' or 's' or 'S' => Info.Unknown,
                _ when char.IsAsciiLetterOrDigit(c) => throw new UnknownSyntaxException(),
                _ => Literal(c),
            };
        }

        private Info SkipProperty()
        {
            int close = pattern.IndexOf('}', _at);
            if (!Next('{') || close < 0)
            {
                throw new UnknownSyntaxException();
            }

            _at = close + 1;
            return Info.Unknown;
        }

        private char Hex(int digits)
        {
            if (_at + digits > pattern.Length
                || !int.TryParse(pattern.AsSpan(_at, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int value))
            {
                throw new UnknownSyntaxException();
            }

            _at += digits;
            return (char)value;
        }

        /// <summary>A character class: its characters when there are a few and it is not negated.</summary>
        private Info Class()
        {
            bool negated = Next('^');
            // Its characters lower-cased, without repeats; beyond 8 the class counts as unknown (a set per class
            // cost most of the time of reading the rules).
            Span<char> chars = stackalloc char[8];
            int count = 0;
            bool unknown = negated;
            bool first = true;
            while (true)
            {
                if (AtEnd)
                {
                    throw new UnknownSyntaxException();
                }

                char c = pattern[_at++];
                if (c == ']' && !first)
                {
                    break;
                }

                first = false;
                if (c == '[')
                {
                    throw new UnknownSyntaxException();
                }

                if (c == '\\')
                {
                    if (AtEnd)
                    {
                        throw new UnknownSyntaxException();
                    }

                    char e = pattern[_at++];
                    switch (e)
                    {
                        case 't': c = '\t'; break;
                        case 'n': c = '\n'; break;
                        case 'r': c = '\r'; break;
                        case 'f': c = '\f'; break;
                        case 'v': c = '\v'; break;
                        case 'x': c = Hex(2); break;
                        case 'u': c = Hex(4); break;
                        case 'p' or 'P': SkipProperty(); unknown = true; continue;
                        default:
                            if (char.IsAsciiLetterOrDigit(e))
                            {
                                unknown = true;
                                continue;
                            }

                            c = e;
                            break;
                    }
                }

                if (_at + 1 < pattern.Length && pattern[_at] == '-' && pattern[_at + 1] != ']')
                {
                    // A range (or, with '[' after the '-', a subtraction, which this reader does not know).
                    _at++;
                    char end = pattern[_at++];
                    if (end is '[' or '\\')
                    {
                        throw new UnknownSyntaxException();
                    }

                    if (end - c > 8)
                    {
                        unknown = true;
                        continue;
                    }

                    for (char x = c; x <= end && !unknown; x++)
                    {
                        unknown = !Add(chars, ref count, x);
                    }

                    continue;
                }

                unknown |= !unknown && !Add(chars, ref count, c);
            }

            if (unknown || count == 0)
            {
                return Info.Unknown;
            }

            var literals = new List<string>(count);
            foreach (char x in chars[..count])
            {
                literals.Add(x.ToString());
            }

            return new Info(literals, null);
        }

        /// <summary>Adds a class character, lower-cased, unless it is there already; false when it is not ASCII or
        /// the class would have more than <paramref name="chars"/> can hold.</summary>
        private static bool Add(Span<char> chars, ref int count, char c)
        {
            char lower = Lower(c);
            if (lower > 0x7F)
            {
                return false;
            }

            if (chars[..count].Contains(lower))
            {
                return true;
            }

            if (count == chars.Length)
            {
                return false;
            }

            chars[count++] = lower;
            return true;
        }

        private Info Quantified(Info atom)
        {
            if (AtEnd)
            {
                return atom;
            }

            int min, max;
            int start = _at;
            switch (pattern[_at])
            {
                case '*': min = 0; max = int.MaxValue; _at++; break;
                case '+': min = 1; max = int.MaxValue; _at++; break;
                case '?': min = 0; max = 1; _at++; break;
                case '{' when Bounds(out min, out max): break;
                default: return atom;
            }

            Next('?');
            if (min > max || start == _at)
            {
                throw new UnknownSyntaxException();
            }

            if (min == 0)
            {
                return new Info(max == 1 && atom.Exact is { } optional ? Distinct([string.Empty, .. optional]) : null, null);
            }

            List<string>? exact = null;
            if (min == max && atom.Exact is { } once)
            {
                exact = [string.Empty];
                for (int i = 0; i < min && exact is not null; i++)
                {
                    exact = Cross(exact, once);
                }
            }

            return new Info(exact, Best(keywords, atom.Required, AsRequirement(atom.Exact)));
        }

        /// <summary>{n}, {n,} or {n,m}; otherwise '{' is a literal and nothing is read.</summary>
        private bool Bounds(out int min, out int max)
        {
            min = max = 0;
            int close = pattern.IndexOf('}', _at);
            if (close < 0)
            {
                return false;
            }

            var body = pattern.AsSpan(_at + 1, close - _at - 1);
            int comma = body.IndexOf(',');
            if (comma < 0)
            {
                if (!int.TryParse(body, System.Globalization.NumberStyles.None, null, out min))
                {
                    return false;
                }

                max = min;
            }
            else if (!int.TryParse(body[..comma], System.Globalization.NumberStyles.None, null, out min))
            {
                return false;
            }
            else if (comma == body.Length - 1)
            {
                max = int.MaxValue;
            }
            else if (!int.TryParse(body[(comma + 1)..], System.Globalization.NumberStyles.None, null, out max))
            {
                return false;
            }

            _at = close + 1;
            return true;
        }

        private bool Next(char c)
        {
            if (!AtEnd && pattern[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        private static Info Literal(char c) => c > 0x7F ? Info.Unknown : new Info([Lower(c).ToString()], null);

        private static char Lower(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
    }

    /// <summary>A sequence: exact when every part is; requires what its best part requires, or what a run of exact
    /// parts spells together (`api`, `[_.-]?`, `key`: one of api_key, api.key, api-key, apikey).</summary>
    private static Info Concatenation(List<Info> items, string[] keywords)
    {
        List<string>? exact = [string.Empty];
        foreach (var item in items)
        {
            exact = exact is not null && item.Exact is not null ? Cross(exact, item.Exact) : null;
        }

        var candidates = items.Select(i => i.Required).ToList();
        List<string>? run = null;
        foreach (var item in items)
        {
            if (item.Exact is null)
            {
                candidates.Add(AsRequirement(run));
                run = null;
                continue;
            }

            var longer = Cross(run ?? [string.Empty], item.Exact);
            if (longer is null)
            {
                candidates.Add(AsRequirement(run));
                longer = item.Exact;
            }

            run = longer;
        }

        candidates.Add(AsRequirement(run));
        return new Info(exact, Best(keywords, [.. candidates]));
    }

    /// <summary>An alternation requires, of each branch, what that branch requires.</summary>
    private static Info Union(List<Info> branches, string[] keywords)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        bool exactKnown = true, requiredKnown = true;
        foreach (var branch in branches)
        {
            if (exactKnown && branch.Exact is not null && exact.Count + branch.Exact.Count <= MaxExact)
            {
                exact.UnionWith(branch.Exact);
            }
            else
            {
                exactKnown = false;
            }

            var own = requiredKnown ? Best(keywords, branch.Required, AsRequirement(branch.Exact)) : null;
            if (own is not null && required.Count + own.Count <= MaxRequired)
            {
                required.UnionWith(own);
            }
            else
            {
                requiredKnown = false;
            }
        }

        var exactList = exactKnown ? [.. exact] : (List<string>?)null;
        return new Info(exactList, Best(keywords, requiredKnown ? [.. required] : null, AsRequirement(exactList)));
    }

    /// <summary>Every concatenation of one of <paramref name="left"/> and one of <paramref name="right"/>; null when
    /// there would be too many or too long.</summary>
    private static List<string>? Cross(List<string> left, List<string> right)
    {
        if ((long)left.Count * right.Count > MaxExact)
        {
            return null;
        }

        var product = new List<string>(left.Count * right.Count);
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (l.Length + r.Length > MaxLength)
                {
                    return null;
                }

                product.Add(l + r);
            }
        }

        return Distinct(product);
    }

    private static List<string> Distinct(List<string> strings) => [.. strings.Distinct(StringComparer.Ordinal)];

    /// <summary>Exact matches as a requirement: each match is one of them, so it holds one; not when one is empty.</summary>
    private static List<string>? AsRequirement(List<string>? exact) => exact is null || exact.Contains(string.Empty) ? null : exact;

    /// <summary>The most selective requirement of the candidates: the highest <see cref="Weight"/>, then the fewest
    /// literals, then the longest shortest literal.</summary>
    private static List<string>? Best(string[] keywords, params List<string>?[] candidates)
    {
        List<string>? best = null;
        int bestWeight = -1, bestShortest = 0;
        foreach (var candidate in candidates)
        {
            if (candidate is null || candidate.Count == 0 || candidate.Count > MaxRequired)
            {
                continue;
            }

            int weight = Weight(candidate, keywords);
            int shortest = candidate.Min(s => s.Length);
            if (best is null || weight > bestWeight
                || (weight == bestWeight && (candidate.Count < best.Count || (candidate.Count == best.Count && shortest > bestShortest))))
            {
                (best, bestWeight, bestShortest) = (candidate, weight, shortest);
            }
        }

        return best;
    }

    /// <summary>How much a requirement tells: the length of its shortest literal (up to 3), and nothing when one of
    /// its literals is part of a keyword (a keyword is in every window the rule runs on).</summary>
    private static int Weight(List<string> literals, string[] keywords) =>
        literals.Min(s => keywords.Any(k => k.Contains(s, StringComparison.Ordinal)) ? 0 : Math.Min(s.Length, 3));
}
