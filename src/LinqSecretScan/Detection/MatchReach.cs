namespace LinqSecretScan.Detection;

/// <summary>How far a pattern's match can reach from where it starts, read from the pattern's text: a bound on the
/// match's length and on every character the regex looks at ahead of its start (lookaheads, `$` and `\b` peeking one
/// or two characters past the match). Every quantifier of a built-in rule is bounded, so each has one; the detector
/// uses it to run a rule only around the literals its matches need within a long window (a line of megabytes), not
/// from every character of it. A lookbehind counts as far as its own content could look ahead (a lookahead within
/// it does).</summary>
/// <remarks>
/// A small reader for the regex syntax the rule file uses (the options it runs with have no x). Whatever it does not
/// know (back-references, conditionals, comments, the x option, an unbounded quantifier) gives no bound.
/// </remarks>
internal static class MatchReach
{
    /// <summary>Bounds beyond this are no bound at all: the windows around literals would cover everything.</summary>
    private const long Limit = 1 << 20;

    /// <summary>The bound, in characters from the match's start (every match is at most this long, and the regex
    /// looks at no character at or after start + bound); null when there is none.</summary>
    public static int? Of(string pattern)
    {
        try
        {
            var reader = new Reader(pattern);
            var (_, reach) = reader.Alternation();
            return reader.AtEnd && reach <= Limit ? (int)reach : null;
        }
        catch (NoBoundException)
        {
            return null;
        }
    }

    private sealed class NoBoundException : Exception;

    /// <summary>Recursive descent; each part gives (the most characters it consumes, the furthest it looks from its
    /// start).</summary>
    private sealed class Reader(string pattern)
    {
        private int _at;

        public bool AtEnd => _at >= pattern.Length;

        public (long Width, long Reach) Alternation()
        {
            var (width, reach) = Sequence();
            while (!AtEnd && pattern[_at] == '|')
            {
                _at++;
                var (w, r) = Sequence();
                (width, reach) = (Math.Max(width, w), Math.Max(reach, r));
            }

            return (width, reach);
        }

        private (long Width, long Reach) Sequence()
        {
            long width = 0, reach = 0;
            while (!AtEnd && pattern[_at] is not '|' and not ')')
            {
                var (w, r) = Quantified(Atom());
                reach = Math.Max(reach, width + r);
                width += w;
                if (reach > Limit)
                {
                    throw new NoBoundException();
                }
            }

            return (width, reach);
        }

        private (long Width, long Reach) Quantified((long Width, long Reach) atom)
        {
            if (AtEnd)
            {
                return atom;
            }

            long most;
            switch (pattern[_at])
            {
                case '*' or '+':
                    throw new NoBoundException();
                case '?':
                    _at++;
                    most = 1;
                    break;
                case '{' when Repetition() is { } count:
                    most = count;
                    break;
                default:
                    return atom;
            }

            if (!AtEnd && pattern[_at] == '?')
            {
                _at++; // lazy: the same bound
            }

            if (!AtEnd && pattern[_at] is '*' or '+' or '?' or '{')
            {
                throw new NoBoundException();
            }

            return most == 0 ? (0, 0) : (most * atom.Width, ((most - 1) * atom.Width) + atom.Reach);
        }

        /// <summary>{n}, {n,m}: the most; {n,}: no bound; anything else is a literal '{' (as .NET reads it), left
        /// for <see cref="Atom"/>.</summary>
        private long? Repetition()
        {
            int close = pattern.IndexOf('}', _at);
            if (close < 0)
            {
                return null;
            }

            var inside = pattern.AsSpan(_at + 1, close - _at - 1);
            int comma = inside.IndexOf(',');
            var low = comma < 0 ? inside : inside[..comma];
            var high = comma < 0 ? inside : inside[(comma + 1)..];
            if (low.IsEmpty || !IsDigits(low) || (comma >= 0 && !high.IsEmpty && !IsDigits(high)))
            {
                return null;
            }

            if (high.IsEmpty)
            {
                throw new NoBoundException();
            }

            _at = close + 1;
            return long.TryParse(high, out long most) && most <= Limit ? most : throw new NoBoundException();
        }

        private static bool IsDigits(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        private (long Width, long Reach) Atom()
        {
            char c = pattern[_at++];
            return c switch
            {
                '(' => Group(),
                '[' => Class(),
                '\\' => Escape(),
                '^' => (0, 0),
                // End of line or input; without Multiline, before a final newline: looks at up to two characters.
                '$' => (0, 2),
                '*' or '+' or '?' => throw new NoBoundException(),
                _ => (1, 1),
            };
        }

        private (long Width, long Reach) Group()
        {
            var kind = GroupOpening.Read(pattern, ref _at);
            switch (kind)
            {
                case GroupKind.Unknown:
                    throw new NoBoundException();
                case GroupKind.OptionsOnly:
                    return (0, 0);
            }

            var (width, reach) = Alternation();
            if (!Next(')'))
            {
                throw new NoBoundException();
            }

            // A lookbehind looks back, but a lookahead inside it looks ahead again: its reach counts.
            return kind == GroupKind.Matching ? (width, reach) : (0, reach);
        }

        private (long Width, long Reach) Escape()
        {
            if (AtEnd)
            {
                throw new NoBoundException();
            }

            char c = pattern[_at++];
            switch (c)
            {
                case 'A' or 'G':
                    return (0, 0);
                case 'b' or 'B' or 'z':
                    return (0, 1);
                case 'Z':
                    return (0, 2);
                case 'x':
                    _at += 2;
                    return (1, 1);
                case 'u':
                    _at += 4;
                    return (1, 1);
                case 'c':
                    _at++;
                    return (1, 1);
                case 'p' or 'P':
                    SkipProperty();
                    return (1, 1);
                case 'k' or '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7' or '8' or '9':
                    // Back-references (and octal escapes, which read like them): no bound known.
                    throw new NoBoundException();
                default:
                    // \d \w \s and their negations, \t \n \r \f \v \e \a, escaped punctuation: one character.
                    return (1, 1);
            }
        }

        private void SkipProperty()
        {
            int close = pattern.IndexOf('}', _at);
            if (!Next('{') || close < 0)
            {
                throw new NoBoundException();
            }

            _at = close + 1;
        }

        /// <summary>A character class, one character wide; a subtraction ([a-z-[aeiou]]) is still one character. A
        /// '[' inside a class is a literal unless it follows '-'.</summary>
        private (long Width, long Reach) Class()
        {
            int depth = 1;
            Next('^');
            Next(']'); // a ']' first is a literal

            while (depth > 0)
            {
                if (AtEnd)
                {
                    throw new NoBoundException();
                }

                char c = pattern[_at++];
                if (c == '\\')
                {
                    _at++;
                }
                else if (c == '[' && pattern[_at - 2] == '-')
                {
                    depth++;
                    Next('^');
                }
                else if (c == ']')
                {
                    depth--;
                }
            }

            return (1, 1);
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
    }
}
