using System.Text.RegularExpressions;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Scanning;

/// <summary>The scanner shares one content's detections between paths only when the same path-restricted rules apply
/// to them (<see cref="Detector.PathRuleSignatureOf"/>): exactly, for any number of such rules, not by a hash that two
/// different sets of rules could share.</summary>
public sealed class PathRuleSignatureTests
{
    /// <summary>70 rules, each for paths under its own folder: more than one 64-bit word of them.</summary>
    private static readonly Detector Detector = new(new RuleSet(
        [.. Enumerable.Range(0, 70).Select(PathRule)],
        RuleLoader.BuiltIn.EnvFile,
        new HashSet<string>()));

    [Fact]
    public void APathNoRuleNames_HasTheEmptySignature()
    {
        Assert.True(Detector.PathRuleSignatureOf("src/app.py").IsNone);
        Assert.Equal(Detector.PathRuleSignatureOf("src/app.py"), Detector.PathRuleSignatureOf("docs/readme.md"));
    }

    [Fact]
    public void PathsUnderTheSameRules_ShareASignature_AndPathsUnderDifferentRules_DoNot()
    {
        var signatures = Enumerable.Range(0, 70).Select(i => Detector.PathRuleSignatureOf($"r{i}/a.txt")).ToList();

        Assert.Equal(Detector.PathRuleSignatureOf("r3/a.txt"), Detector.PathRuleSignatureOf("r3/b/c.txt"));
        Assert.Equal(70, signatures.Distinct().Count());
        Assert.All(signatures, s => Assert.False(s.IsNone));
        Assert.NotEqual(Detector.PathRuleSignatureOf("r3/a.txt"), Detector.PathRuleSignatureOf("r3/r67/a.txt"));
        Assert.NotEqual(Detector.PathRuleSignatureOf("r67/a.txt"), Detector.PathRuleSignatureOf("r68/a.txt"));
    }

    private static Rule PathRule(int i) => new()
    {
        Id = $"path-rule-{i}",
        Name = $"path-rule-{i}",
        Paths = new Regex($"(^|/)r{i}/", RegexOptions.NonBacktracking),
        LazyPattern = new Lazy<Regex>(() => new Regex("(?<secret>never-matches-anything)", RegexOptions.NonBacktracking)),
        PatternSource = "(?<secret>never-matches-anything)",
        SecretType = SecretType.Any,
    };
}
