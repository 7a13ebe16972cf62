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
}
