using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Detection;

public sealed class RequiredLiteralsTests
{
    [Theory]
    [InlineData(@"token", "token")]
    [InlineData(@"(?i)API[_-]?Key", "apikey|api_key|api-key")]
    [InlineData(@"\bx?(?:secret|token)s?\b=", "secret|token")]
    [InlineData(@"(?<![a-z])linq[ \t]{1,5}(?:--token|-t[ \t]|token)", "--token|-t |-t\t|token")]
    [InlineData(@"linq(?:app)?_(?<secret>[a-z]{8})", "linq_|linqapp_")]
    [InlineData(@"(?=abc)x{2}yz", "xxyz")]
    [InlineData(@"a\.b\-c\u0041\x42", "a.b-cab")]
    [InlineData(@"[""'](?<var>\w+)[""']\s*:\s*uses:", "uses:")]
    public void FindsWhatEveryMatchHolds(string pattern, string expected)
    {
        var literals = RequiredLiterals.Of(pattern, ["linq"]);

        Assert.NotNull(literals);
        Assert.Equal(expected.Split('|').Order(StringComparer.Ordinal), literals.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(@"linq")]
    [InlineData(@"(?<secret>[a-z0-9]{20,})")]
    [InlineData(@"token|\w+")]
    [InlineData(@"(?:token)?k?")]
    [InlineData(@"(?x) token")]
    [InlineData(@"(?#comment)token")]
    [InlineData(@"(?<a>x)\k<a>token|b")]
    [InlineData(@"(a)\1|b")]
    [InlineData(@"[a-z-[aeiou]]token|b")]
    [InlineData(@"\u212Ab")]
    [InlineData(@"a")]
    [InlineData(@"(?<secret>linq_[a-z]{5})")]
    public void RequiresNothing_WhenNoUsefulLiteralIsCertain_OrTheSyntaxIsUnknown(string pattern)
    {
        Assert.Null(RequiredLiterals.Of(pattern, ["linq_", "linq"]));
    }

    [Fact]
    public void TheCredentialRules_NeedACredentialWord_NotTheirKeyword()
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == "linq-credential-assignment");

        var literals = RequiredLiterals.Of(rule.PatternSource, rule.Keywords)!;

        Assert.Contains("token", literals);
        Assert.Contains("key", literals);
        Assert.DoesNotContain(literals, l => l.Contains("linq", StringComparison.Ordinal));
    }

    /// <summary>Soundness on random patterns: whenever a pattern matches a text (without the characters that
    /// IgnoreCase folds onto ASCII letters, which the detector checks for), the text holds one of its literals.</summary>
    [Fact]
    public void EveryMatchOfRandomPatterns_HoldsOneOfTheirLiterals()
    {
        var random = new Random(2024);
        int checkedMatches = 0, patternsWithLiterals = 0;
        for (int i = 0; i < 15000; i++)
        {
            string pattern = RandomPattern(random, depth: 0);
            var literals = RequiredLiterals.Of(pattern, []);
            if (literals is null)
            {
                continue;
            }

            patternsWithLiterals++;
            Regex regex;
            try
            {
                // Random nesting of quantifiers can backtrack for ever; such a pattern is skipped.
                regex = new Regex(pattern, RuleLoader.BuiltInOptions, TimeSpan.FromMilliseconds(20));
            }
            catch (ArgumentException)
            {
                continue;
            }

            for (int t = 0; t < 100; t++)
            {
                string text = RandomText(random);
                bool matches;
                try
                {
                    matches = regex.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    break;
                }

                if (matches)
                {
                    checkedMatches++;
                    Assert.True(
                        literals.Any(l => text.Contains(l, StringComparison.OrdinalIgnoreCase)),
                        $"/{pattern}/ matches '{text}', which holds none of {string.Join(", ", literals)}");
                }
            }
        }

        Assert.True(patternsWithLiterals > 1000, $"{patternsWithLiterals} patterns with literals");
        Assert.True(checkedMatches > 5000, $"{checkedMatches} matches checked");
    }

    private static readonly string[] Atoms =
    [
        "a", "b", "k", "K", "_", "-", ":", "'", "\"", " ", @"\.", @"\-", @"\t", "[ab]", "[a-c]", "[^a]", "[kK_]", @"\w", @"\d",
        @"\s", ".", "^", "$", @"\b", "ab", "ka", "b_k", "x", @"[\]a]", "[-a]", "(?i)", "{", "}", @"\x61", @"\u006B",
    ];

    private static readonly string[] Quantifiers = ["", "", "", "?", "*", "+", "{0,2}", "{1,3}", "{2}", "{1,}", "??", "{1,2}?"];

    private static string RandomPattern(Random random, int depth)
    {
        var pattern = new StringBuilder();
        int parts = random.Next(1, 5);
        for (int p = 0; p < parts; p++)
        {
            if (depth < 3 && random.Next(4) == 0)
            {
                string open = new[] { "(?:", "(", "(?<n>", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?-i:", "(?i:" }[random.Next(10)];
                pattern.Append(open).Append(RandomPattern(random, depth + 1));
                if (random.Next(2) == 0)
                {
                    pattern.Append('|').Append(RandomPattern(random, depth + 1));
                }

                pattern.Append(')');
            }
            else
            {
                string atom = Atoms[random.Next(Atoms.Length)];
                pattern.Append(atom);
                if (atom is "{" or "}" or "^" or "$" or @"\b" or "(?i)")
                {
                    continue;
                }
            }

            pattern.Append(Quantifiers[random.Next(Quantifiers.Length)]);
        }

        if (depth == 0 && random.Next(3) == 0)
        {
            pattern.Append('|').Append(RandomPattern(random, depth + 1));
        }

        return pattern.ToString();
    }

    private static string RandomText(Random random)
    {
        string[] pieces = ["a", "b", "k", "K", "_", "-", ":", "'", "\"", " ", ".", "ab", "ka", "b_k", "x", "{", "}", "\t", "\n", "c", "A", "]", "1"];
        var text = new StringBuilder();
        int length = random.Next(0, 10);
        for (int i = 0; i < length; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return text.ToString();
    }
}
