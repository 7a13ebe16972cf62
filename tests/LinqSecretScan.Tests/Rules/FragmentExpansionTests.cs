using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Rules;

/// <summary>%name% fragments are expanded by hand (a regex for it cost start-up time); the result must be what the
/// regex replacement gave, on random patterns full of percent signs, and an unknown name must still be an error.</summary>
public sealed class FragmentExpansionTests
{
    private static readonly Dictionary<string, string> Fragments = new(StringComparer.Ordinal)
    {
        ["a"] = "x%b%y",
        ["b"] = "[0-9]",
        ["ab1"] = "%a%%",
        ["Q"] = "%",
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomPatterns_ExpandAsTheRegexReplacementDid(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["%", "a", "b", "ab1", "Q", "1", "%%", "z", "(", "\\", " "];
        int errors = 0;
        for (int round = 0; round < 3000; round++)
        {
            var pattern = new StringBuilder();
            for (int i = random.Next(12); i > 0; i--)
            {
                pattern.Append(pieces[random.Next(pieces.Length)]);
            }

            string? expected = Reference(pattern.ToString(), out bool expectedError);
            string? actual;
            try
            {
                actual = RuleLoader.Expand(pattern.ToString(), Fragments, "test");
            }
            catch (RuleLoadException)
            {
                actual = null;
            }

            Assert.Equal(expectedError, actual is null);
            Assert.Equal(expected, actual);
            errors += expectedError ? 1 : 0;
        }

        Assert.InRange(errors, 100, 2900);
    }

    private static string? Reference(string pattern, out bool error)
    {
        error = false;
        try
        {
            for (int depth = 0; depth < 8 && pattern.Contains('%', StringComparison.Ordinal); depth++)
            {
                string expanded = Regex.Replace(pattern, "%([A-Za-z][A-Za-z0-9]*)%", m =>
                    Fragments.TryGetValue(m.Groups[1].Value, out var fragment) ? fragment : throw new KeyNotFoundException());
                if (expanded == pattern)
                {
                    break;
                }

                pattern = expanded;
            }

            return pattern;
        }
        catch (KeyNotFoundException)
        {
            error = true;
            return null;
        }
    }
}
