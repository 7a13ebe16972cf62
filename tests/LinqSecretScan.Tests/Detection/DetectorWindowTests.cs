using System.Text;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Corpus;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

/// <summary>A rule's windows (its keyword lines and the lines before and after them) are found by searching for
/// newlines around each line, or, for a rule with many keyword lines, in one list of the text's newlines. Both must
/// give the same windows, so the same findings: at the start and end of the text, with and without a last newline,
/// with CRLF, with windows that touch or overlap.</summary>
public sealed class DetectorWindowTests
{
    /// <summary>Searching for newlines around each line, and reading them from the list.</summary>
    private static readonly Detector[] BothWays =
    [
        new(RuleLoader.BuiltIn) { NewlineListLines = int.MaxValue },
        new(RuleLoader.BuiltIn) { NewlineListLines = 0 },
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomTextsOfRuleExamplesAndKeywordLines_GiveTheSameFindings_EitherWay(int seed)
    {
        var secrets = new TestSecrets(seed);
        var random = new Random(seed);
        var snippets = RuleLoader.BuiltIn.Rules
            .SelectMany(r => r.Examples.Concat(r.CounterExamples))
            .Select((e, i) => ExampleExpander.Expand(e, new TestSecrets(seed * 1000 + i)).Text)
            .Concat(CorpusCase.All.Take(60).Select(c => c.Expand(seed).Text))
            .ToList();
        string[] fillers = ["", "var total = orders.Where(o => o.Sent).Sum(o => o.Amount); // System.Linq", "# Linq settings", "  timeout: 30", "}", "LINQ_BASE_URL=https://api.linqapp.com/api/partner/v3/"];
        int detections = 0;
        for (int round = 0; round < 25; round++)
        {
            var text = new StringBuilder();
            string newline = random.Next(3) == 0 ? "\r\n" : "\n";
            int parts = random.Next(5, 120);
            for (int p = 0; p < parts; p++)
            {
                text.Append(random.Next(4) == 0 ? snippets[random.Next(snippets.Count)].Replace("\n", newline, StringComparison.Ordinal) : fillers[random.Next(fillers.Length)]);
                if (p < parts - 1 || random.Next(2) == 0)
                {
                    text.Append(newline);
                }
            }

            detections += SameFindings.Assert("app/settings.py", text.ToString(), BothWays[0], BothWays[1]);
        }

        Assert.True(detections > 40, $"{detections} detections");
    }

    /// <summary>A value on the last line of a window, 12 lines after the client's name, and one line too far.</summary>
    [Fact]
    public void TheLastLineOfAWindow_IsIn_TheNextIsOut_EitherWay()
    {
        string value = new TestSecrets(9).Alnum(40);
        foreach (var detector in BothWays)
        {
            foreach (int gap in new[] { 11, 12 })
            {
                string text = "const client = new LinqAPIV3({\n" + string.Concat(Enumerable.Repeat("  timeout: 30,\n", gap)) + $"  apiKey: '{value}',\n}});";

                var found = detector.Detect("client.ts", text);

                Assert.Equal(gap == 11, found.Any(d => d.Secret == value && d.Rule.Name == "linq-client-options"));
            }
        }
    }
}
