using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Corpus;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

/// <summary>In a long text the detector skips a window that holds none of the literals a rule's matches need. Run on every
/// text, however short, that check must change no result: not on the corpus, not on the rules' examples and
/// counter-examples.</summary>
public sealed class DetectorLiteralCheckTests
{
    private static readonly Detector Usual = new(RuleLoader.BuiltIn) { LiteralCheckChars = int.MaxValue };

    private static readonly Detector CheckingEveryWindow = new(RuleLoader.BuiltIn) { LiteralCheckChars = 0 };

    [Fact]
    public void OnTheCorpus_CheckingEveryWindow_FindsTheSame()
    {
        int detections = 0;
        foreach (int seed in new[] { 1, 2 })
        {
            foreach (var corpusCase in CorpusCase.All)
            {
                var expanded = corpusCase.Expand(seed);
                detections += AssertSame(corpusCase.Path, expanded.Text);
            }
        }

        Assert.True(detections > 300, $"{detections} detections");
    }

    [Fact]
    public void OnTheRuleExamples_CheckingEveryWindow_FindsTheSame()
    {
        int detections = 0;
        foreach (var rule in RuleLoader.BuiltIn.Rules)
        {
            foreach (var (example, i) in rule.Examples.Concat(rule.CounterExamples).Select((e, i) => (e, i)))
            {
                var (text, _) = ExampleExpander.Expand(example, new TestSecrets(i + 1));
                detections += AssertSame(rule.ExamplePath ?? "example.txt", text);
            }
        }

        Assert.True(detections > 100, $"{detections} detections");
    }

    /// <summary>IgnoreCase regexes match the Kelvin sign to k, which an ordinal search for "key" does not: a window
    /// with one is searched, in a long text as in a short one.</summary>
    [Fact]
    public void ACredentialNameSpelledWithTheKelvinSign_IsFound_WithTheCheckOnEveryWindow()
    {
        string value = new TestSecrets(5).Alnum(40);
        string text = string.Concat(Enumerable.Repeat("var total = orders.Where(o => o.Sent).Sum(o => o.Amount); // System.Linq\n", 2000))
            + "LINQ_API_\u212AEY = \"" + value + "\"\n";

        var found = CheckingEveryWindow.Detect("settings.py", text);

        Assert.Contains(found, d => d.Secret == value);
        AssertSame("settings.py", text);
    }

    private static int AssertSame(string path, string text) => SameFindings.Assert(path, text, Usual, CheckingEveryWindow);
}
