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
    public void FindsKeywordsInAnyCase_AtAnyPosition(string text, bool expected)
    {
        Assert.Equal(expected, BuiltIn.AnyIn(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void FindsExactlyWhatAnOrdinalSearchFinds_OnRandomText()
    {
        var random = new Random(42);
        const string alphabet = "linqLINQ_ -apqxyz.";
        for (int i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(0, 40)];
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
