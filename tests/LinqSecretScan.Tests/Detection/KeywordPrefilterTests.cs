using System.Text;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Detection;

public sealed class KeywordPrefilterTests
{
    private static readonly KeywordPrefilter BuiltIn = KeywordPrefilter.For(RuleLoader.BuiltIn.Keywords)!;

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
        Assert.Equal(expected, BuiltIn.MayContainKeyword(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void AgreesWithTheCharacterSearch_OnRandomText()
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
            Assert.True(expected == BuiltIn.MayContainKeyword(Encoding.ASCII.GetBytes(text)), text);
        }
    }

    [Fact]
    public void NonAsciiKeywords_DisableThePrefilter()
    {
        Assert.Null(KeywordPrefilter.For(["clé_"]));
        Assert.Null(KeywordPrefilter.For([]));
    }
}
