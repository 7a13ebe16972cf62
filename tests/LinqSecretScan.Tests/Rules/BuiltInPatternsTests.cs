using System.Text.Json;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Rules;

public sealed class BuiltInPatternsTests
{
    [Fact]
    public void EveryBuiltInPattern_IsSourceGenerated_SoTheHookCompilesNoRegexAtStartUp()
    {
        var notGenerated = RuleLoader.BuiltIn.Rules.Where(r => !r.IsSourceGenerated).Select(r => r.Name).ToList();

        Assert.True(notGenerated.Count == 0, $"rebuild to regenerate BuiltInPatterns.g.cs; not generated: {string.Join(", ", notGenerated)}");
        Assert.True(BuiltInPatterns.Count > 0);
    }

    /// <summary>The loader expands each built-in pattern against fragments expanded beforehand (one pass per
    /// pattern); that must give exactly what expanding the pattern level by level gives.</summary>
    [Fact]
    public void BuiltInPatterns_AreExpandedAsLevelByLevelExpansionWould()
    {
        using var stream = typeof(RuleLoader).Assembly.GetManifestResourceStream(RuleLoader.ResourceName)!;
        using var doc = JsonDocument.Parse(stream);
        var rules = doc.RootElement.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(rules.Count, RuleLoader.BuiltIn.Rules.Count);
        for (int i = 0; i < rules.Count; i++)
        {
            string raw = rules[i].GetProperty("pattern").GetString()!;
            Assert.Equal(RuleLoader.Expand(raw, RuleLoader.BuiltInFragments, "test"), RuleLoader.BuiltIn.Rules[i].PatternSource);
        }

        Assert.Contains(RuleLoader.BuiltIn.Rules, r => r.PatternSource.Length > 1000);
    }
}
