using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Rules;

/// <summary>The one data-driven test of the rule file: every example of every rule is found by that rule with
/// exactly the generated secret, and no counter-example is reported under the rule's id.</summary>
public sealed class BuiltInRuleExamplesTests
{
    private static readonly Detector Detector = new(RuleLoader.BuiltIn);

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var rule in RuleLoader.BuiltIn.Rules)
        {
            for (int i = 0; i < rule.Examples.Count; i++)
            {
                data.Add(rule.Name, i);
            }
        }

        return data;
    }

    public static TheoryData<string, int> CounterExamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var rule in RuleLoader.BuiltIn.Rules)
        {
            for (int i = 0; i < rule.CounterExamples.Count; i++)
            {
                data.Add(rule.Name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_IsFoundByItsRule_WithTheGeneratedSecret(string ruleName, int index)
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == ruleName);
        var secrets = new TestSecrets(Seed(ruleName, index));
        var (text, value, raw) = ExampleExpander.ExpandWithRaw(rule.Examples[index], secrets);

        var detections = Detector.Detect(rule.ExamplePath ?? "example.txt", text);

        var mine = detections.Where(d => d.Rule.Id == rule.Id).ToList();
        Assert.True(mine.Count > 0, $"rule {ruleName} did not find anything in:\n{text}");
        Assert.NotNull(value);
        var hit = mine.FirstOrDefault(d => d.Secret.EndsWith(value, StringComparison.Ordinal) && d.Secret.Length <= value.Length + 16);
        Assert.True(hit is not null, $"rule {ruleName} found {string.Join(", ", mine.Select(d => d.Secret))}, not {value}, in:\n{text}");
        string at = text.Substring(hit.Offset, hit.Length);
        Assert.True(at == hit.Secret || at == raw, $"the finding points at '{at}', not at the secret");
    }

    [Theory]
    [MemberData(nameof(CounterExamples))]
    public void CounterExample_IsNotReportedUnderTheRuleId(string ruleName, int index)
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == ruleName);
        var (text, _) = ExampleExpander.Expand(rule.CounterExamples[index], new TestSecrets(Seed(ruleName, index)));
        Assert.DoesNotContain("{{repeat:", text); // expanded, not left as text that nothing would report anyway

        var detections = Detector.Detect(rule.ExamplePath ?? "example.txt", text);

        var mine = detections.Where(d => d.Rule.Id == rule.Id).ToList();
        Assert.True(mine.Count == 0, $"{string.Join(", ", mine.Select(d => $"{d.Rule.Name} found '{d.Secret}'"))} in:\n{text}");
    }

    [Fact]
    public void EveryRule_HasExamplesAndCounterExamples()
    {
        foreach (var rule in RuleLoader.BuiltIn.Rules)
        {
            Assert.True(rule.Examples.Count > 0, $"{rule.Name} has no examples");
            Assert.True(rule.CounterExamples.Count > 0, $"{rule.Name} has no counter-examples");
        }

        Assert.NotEmpty(RuleLoader.BuiltIn.EnvFile.Examples);
        Assert.NotEmpty(RuleLoader.BuiltIn.EnvFile.CounterExamples);
    }

    [Fact]
    public void EnvFileRule_MatchesItsExamplesAndNotItsCounterExamples()
    {
        var env = RuleLoader.BuiltIn.EnvFile;
        Assert.All(env.Examples, path => Assert.True(env.Matches(path), path));
        Assert.All(env.CounterExamples, path => Assert.False(env.Matches(path), path));
    }

    /// <summary>A stable seed (string.GetHashCode changes from run to run) so a failure can be replayed.</summary>
    private static int Seed(string ruleName, int index) =>
        ruleName.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) ^ (index * 7919);
}
