using System.Text;
using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Scanning;

namespace LinqSecretScan.Tests.Core;

/// <summary><see cref="IgnoreCase"/> must find what the framework's OrdinalIgnoreCase search finds, under the
/// invariant globalization the product runs with.</summary>
public sealed class IgnoreCaseTests
{
    private static readonly string[] Needles =
        [AllowComments.AllowMarker, AllowComments.AllowNextLineMarker, PurgeReplacement.Text, "linq", "whsec_", "s", "i", "k", "secret", "Key", "cl\u00e9", "\u212Aey", ""];

    [Fact]
    public void TheTestsRun_WithInvariantGlobalization_AsTheProductDoes() =>
        Assert.Equal("true", AppContext.GetData("System.Globalization.Invariant")?.ToString(), ignoreCase: true);

    [Fact]
    public void NoCharacterOutsideAscii_EqualsAnAsciiOne_IgnoringCase()
    {
        var equal = new List<string>();
        for (int c = 128; c <= char.MaxValue; c++)
        {
            for (int a = 0; a < 128; a++)
            {
                if (((char)c).ToString().Equals(((char)a).ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    equal.Add($"U+{c:X4}~{(char)a}");
                }
            }
        }

        Assert.Empty(equal);
    }

    [Fact]
    public void FindsWhatOrdinalIgnoreCaseFinds()
    {
        var random = new Random(17);
        string[] pieces =
        [
            "linq", "LINQ", "LiNq", "linq-secret-scan:", "LINQ-SECRET-SCAN:ALLOW", "linq-secret-scan:allow-next", "-line", "LINQ-SECRET-",
            "REMOVED", "removed", "whsec", "WHSEC_", "_", "s", "S", "i", "I", "k", "K", "\u0131", "\u0130", "\u017F", "\u212A", "\u00e9",
            "\ud83d\ude00", "CL\u00c9", "cl\u00e9", "\ud801\udc00", "\ud801", " ", "\n", "x", "secret", "sECRET", "kEY", "ke", "y",
        ];
        int found = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 12);
            for (int p = 0; p < count; p++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            string value = text.ToString();
            foreach (string needle in Needles)
            {
                int expected = value.AsSpan().IndexOf(needle, StringComparison.OrdinalIgnoreCase);
                Assert.True(expected == IgnoreCase.IndexOf(value, needle), $"'{needle}' in '{value}': {expected}");
                Assert.Equal(expected >= 0, IgnoreCase.Contains(value, needle));
                found += expected >= 0 ? 1 : 0;
            }
        }

        Assert.True(found > 10_000, $"{found}");
    }
}
