using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Detection;

namespace LinqSecretScan.Tests.Detection;

/// <summary>MatchReach bounds how far a match reaches from its start, lookaheads and end anchors included.</summary>
public sealed class MatchReachTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("a{0,5}", 5)]
    [InlineData("a{3}b?", 4)]
    [InlineData("(?=abcd)a", 4)]
    [InlineData("a(?!bcd)", 4)]
    [InlineData("(?<=abc)d", 3)]
    [InlineData("(?<=(?=ab))", 2)]
    [InlineData("a$", 3)]
    [InlineData(@"\bfoo\b", 4)]
    [InlineData("(?:ab|cde){2}", 6)]
    [InlineData("[a-z-[aeiou]]x", 2)]
    [InlineData(@"[\]\[(]{1,2}", 2)]
    [InlineData("a{,3}", 5)]
    [InlineData("(?i)(?<name>x){2,3}?", 3)]
    [InlineData(@"\u0041\x41\p{L}", 3)]
    public void KnownPatterns(string pattern, int reach)
    {
        Assert.Equal(reach, MatchReach.Of(pattern));
    }

    [Theory]
    [InlineData("a+")]
    [InlineData("a*b")]
    [InlineData("a{2,}")]
    [InlineData(@"(a)\1")]
    [InlineData(@"(?<n>a)\k<n>")]
    [InlineData("(?x) a")]
    [InlineData("(?(a)b|c)")]
    [InlineData("(a")]
    public void Unbounded_OrUnknown_HasNone(string pattern)
    {
        Assert.Null(MatchReach.Of(pattern));
    }

    /// <summary>On random patterns and texts: every match is at most the reach long, and the same match is found at
    /// its start when the text is cut off at the reach (so nothing the regex looked at lay beyond it).</summary>
    [Fact]
    public void RandomPatterns_NeverReachFurther()
    {
        var random = new Random(5);
        int checkedMatches = 0;
        for (int p = 0; p < 3000; p++)
        {
            string pattern = Alternation(random, 0);
            int? reach = MatchReach.Of(pattern);
            Assert.NotNull(reach);
            var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline);
            for (int t = 0; t < 8; t++)
            {
                var text = new StringBuilder();
                for (int i = random.Next(0, 40); i > 0; i--)
                {
                    text.Append("abAB \n;x"[random.Next(8)]);
                }

                string s = text.ToString();
                for (var match = regex.Match(s); match.Success; match = match.NextMatch())
                {
                    Assert.True(match.Length <= reach, $"/{pattern}/ on '{s}': {match.Length} > {reach}");
                    string cut = s[..Math.Min(s.Length, match.Index + reach.Value)];
                    var again = regex.Match(cut, match.Index);
                    Assert.True(again.Success && again.Index == match.Index && again.Length == match.Length, $"/{pattern}/ on '{s}' cut at {cut.Length}");
                    checkedMatches++;
                    if (match.Length == 0)
                    {
                        break;
                    }
                }
            }
        }

        Assert.True(checkedMatches > 5000, $"{checkedMatches}");
    }

    private static string Alternation(Random random, int depth)
    {
        string result = Sequence(random, depth);
        while (random.Next(4) == 0)
        {
            result += "|" + Sequence(random, depth);
        }

        return result;
    }

    private static string Sequence(Random random, int depth)
    {
        var text = new StringBuilder();
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            string atom = random.Next(depth < 2 ? 12 : 8) switch
            {
                0 => "a",
                1 => "b",
                2 => "[ab]",
                3 => ".",
                4 => @"\b",
                5 => "$",
                6 => "^",
                7 => ";",
                8 => "(?=" + Alternation(random, depth + 1) + ")",
                9 => "(?!" + Alternation(random, depth + 1) + ")",
                10 => "(?<=" + Alternation(random, depth + 1) + ")",
                _ => "(?:" + Alternation(random, depth + 1) + ")",
            };
            bool quantifiable = atom is not (@"\b" or "$" or "^") && !atom.StartsWith("(?=", StringComparison.Ordinal) && !atom.StartsWith("(?!", StringComparison.Ordinal) && !atom.StartsWith("(?<=", StringComparison.Ordinal);
            text.Append(atom);
            if (quantifiable)
            {
                text.Append(random.Next(6) switch { 0 => "?", 1 => "{0,3}", 2 => "{2}", 3 => "{1,2}?", _ => string.Empty });
            }
        }

        return text.ToString();
    }
}
