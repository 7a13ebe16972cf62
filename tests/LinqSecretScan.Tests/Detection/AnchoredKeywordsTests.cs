using System.Text;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Detection;

public sealed class AnchoredKeywordsTests
{
    private static readonly AnchoredKeywords BuiltIn = AnchoredKeywords.For(RuleLoader.BuiltIn.Keywords)!;

    [Theory]
    [InlineData("LINQ_API_KEY=x", true)]
    [InlineData("token linq_", true)]
    [InlineData("lInQ", true)]
    [InlineData("see https://api.LinqApp.com/", true)]
    [InlineData("using System.Query; // lin q", false)]
    [InlineData("QQQQ qqqq lin", false)]
    [InlineData("", false)]
    [InlineData("q", false)]
    [InlineData("nq linx", false)]
    [InlineData("s = \"WhSeC_abc\"", true)]
    [InlineData("xs.Where(x => x > 1).Select(x => x * 2); // Webhook switch", false)]
    public void FindsKeywordsInAnyCase_AtAnyPosition(string text, bool expected)
    {
        Assert.Equal(expected, BuiltIn.AnyIn(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("linqLINQ_ -apqxyz.", 40)]
    [InlineData("linqLINQ_ -apqxyz.whsecWHSEC", 40)]
    [InlineData("lqLQwcWC_ -.nihsea", 300)]
    [InlineData("hcHClqLQwWsSeE_ -.ni", 300)]
    public void FindsExactlyWhatAnOrdinalSearchFinds_OnRandomText(string alphabet, int maxLength)
    {
        // The built-in keywords are found by two pairs at one distance (the l and q of linq, the h and c of whsec_).
        Assert.True(BuiltIn.PairsShareDistance);
        var random = new Random(42);
        for (int i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(0, maxLength)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            string text = new(chars);
            bool expected = RuleLoader.BuiltIn.Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase));
            var found = new List<(int Start, int Keyword)>();
            BuiltIn.FindAll(text, found);
            int expectedCount = RuleLoader.BuiltIn.Keywords.Sum(k => Occurrences(text, k));
            Assert.True(expected == BuiltIn.AnyIn(Encoding.ASCII.GetBytes(text)), text);
            Assert.True(expectedCount == found.Count, text);
        }
    }

    /// <summary>Keywords of any length and letters (custom rules bring their own), planted in long text so that the
    /// vectorised search, its tail and the candidates at the very ends are all reached.</summary>
    [Theory]
    [InlineData("q")]
    [InlineData("x_", "zz", "a.b")]
    [InlineData("token", "secret", "tok")]
    [InlineData("linq", "linq_", "linqapp.com", "whsec_", "bGlucV")]
    [InlineData("-----BEGIN", "kk", "K")]
    public void FindsEveryOccurrence_OfAnyKeywords_InLongText(params string[] keywords)
    {
        var anchored = AnchoredKeywords.For(keywords)!;
        var random = new Random(11);
        string filler = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ_.-\n0123456789\u00e9\u4e2d";
        for (int i = 0; i < 3000; i++)
        {
            var text = new System.Text.StringBuilder();
            int length = random.Next(0, 400);
            while (text.Length < length)
            {
                if (random.Next(8) == 0)
                {
                    string keyword = keywords[random.Next(keywords.Length)];
                    text.Append(random.Next(2) == 0 ? keyword.ToUpperInvariant() : keyword);
                }
                else
                {
                    text.Append(filler[random.Next(filler.Length)]);
                }
            }

            string s = text.ToString();
            var found = new List<(int Start, int Keyword)>();
            anchored.FindAll(s, found);
            var expected = anchored.Keywords
                .SelectMany((k, n) => Starts(s, k).Select(start => (Start: start, Keyword: n)))
                .OrderBy(x => x.Start).ThenBy(x => x.Keyword).ToList();
            Assert.Equal(expected, found.OrderBy(x => x.Start).ThenBy(x => x.Keyword).ToList());
            if (s.All(c => c < 0x80))
            {
                Assert.Equal(expected.Count > 0, anchored.AnyIn(Encoding.ASCII.GetBytes(s)));
            }
        }
    }

    private static IEnumerable<int> Starts(string text, string keyword)
    {
        for (int i = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(keyword, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            yield return i;
        }
    }

    [Fact]
    public void FindSome_InSmallBatches_FindsWhatFindAllFinds()
    {
        var random = new Random(7);
        const string alphabet = "linqLINQ_ -apqxyz.\n";
        for (int i = 0; i < 2000; i++)
        {
            string text = new([.. Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var all = new List<(int Start, int Keyword)>();
            BuiltIn.FindAll(text, all);
            var batched = new List<(int Start, int Keyword)>();
            int position = 0;
            while (position < text.Length)
            {
                int before = batched.Count;
                BuiltIn.FindSome(text, ref position, batched, 3);
                Assert.True(batched.Count > before || position == text.Length, text);
            }

            Assert.Equal(all, batched);
        }
    }

    private static int Occurrences(string text, string keyword)
    {
        int count = 0;
        for (int i = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(keyword, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void NonAsciiKeywords_DisableThePrefilter()
    {
        Assert.Null(AnchoredKeywords.For(["clé_"]));
        Assert.Null(AnchoredKeywords.For([]));
    }
}
