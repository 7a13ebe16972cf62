using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

/// <summary>The byte prefilter (Detector.MayMatch) decides whether content is decoded at all: it may let through
/// content that holds nothing, never skip content that holds a finding. `using System.Linq;` must not make a C#
/// file cost more than any other.</summary>
public sealed class DetectorPrefilterTests
{
    private static readonly Detector BuiltIn = new(RuleLoader.BuiltIn);

    private const string CSharp = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Data.Linq;

        public static class Totals
        {
            public static int Sum(IEnumerable<int> xs) => xs.Where(x => x > 3).Select(x => x * 2).Sum();
        }

        """;

    [Fact]
    public void CSharpWhoseOnlyKeywordsAreUsingSystemLinq_IsNotDecoded()
    {
        Assert.False(BuiltIn.MayMatch("Totals.cs", Encoding.UTF8.GetBytes(CSharp)));
    }

    [Fact]
    public void TheSameFile_WithACredentialOrAnotherUseOfLinq_IsDecoded()
    {
        string token = new TestSecrets(3).Alnum(32);

        Assert.True(BuiltIn.MayMatch("Totals.cs", Encoding.UTF8.GetBytes(CSharp + $"// LINQ_API_KEY={token}\n")));
        Assert.True(BuiltIn.MayMatch("Totals.cs", Encoding.UTF8.GetBytes(CSharp + "using System.Linq.Expressions;\n")));
        Assert.True(BuiltIn.MayMatch("Totals.cs", Encoding.UTF8.GetBytes(CSharp.Replace("System.Linq;", "System.Linq ;", StringComparison.Ordinal))));
    }

    [Fact]
    public void ACustomRuleWithTheKeyword_TurnsTheShortcutOff()
    {
        var custom = new Rule
        {
            Id = "custom",
            Name = "custom",
            Keywords = ["LINQ"],
            LazyPattern = new Lazy<Regex>(new Regex("System\\.Linq;(?<secret>)", RegexOptions.None, TimeSpan.FromSeconds(1))),
            PatternSource = "System\\.Linq;(?<secret>)",
            SecretType = SecretType.Any,
        };
        var detector = new Detector(RuleLoader.BuiltIn.WithExtraRules([custom]));

        Assert.True(detector.MayMatch("Totals.cs", Encoding.UTF8.GetBytes(CSharp)));
    }

    public static TheoryData<string, int, bool> AllExamples()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var rule in RuleLoader.BuiltIn.Rules)
        {
            for (int i = 0; i < rule.Examples.Count; i++)
            {
                data.Add(rule.Name, i, true);
            }

            for (int i = 0; i < rule.CounterExamples.Count; i++)
            {
                data.Add(rule.Name, i, false);
            }
        }

        return data;
    }

    /// <summary>Every example and counter-example of every rule, as written and with a ';' put right after each
    /// "linq" in turn (and after all of them): whenever the prefilter skips the text, the detector finds nothing
    /// in it. A prefilter that ignored, say, "linq" before ':' fails here on the Linq:ApiKey examples.</summary>
    [Theory]
    [MemberData(nameof(AllExamples))]
    public void WheneverThePrefilterSkips_TheDetectorFindsNothing(string ruleName, int index, bool example)
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == ruleName);
        var (text, _) = ExampleExpander.Expand(example ? rule.Examples[index] : rule.CounterExamples[index], new TestSecrets(index + 17));
        string path = rule.ExamplePath ?? "example.txt";
        var occurrences = Regex.Matches(text, "linq", RegexOptions.IgnoreCase).Select(m => m.Index + m.Length).ToList();
        var variants = new List<string> { text, Regex.Replace(text, "(?i)linq", "$0;") };
        variants.AddRange(occurrences.Select(end => text.Insert(end, ";")));

        foreach (string variant in variants)
        {
            if (!BuiltIn.MayMatch(path, Encoding.UTF8.GetBytes(variant)))
            {
                Assert.True(BuiltIn.Detect(path, variant).Count == 0, $"skipped, but the detector finds something in:\n{variant}");
            }
        }

        if (example)
        {
            Assert.True(BuiltIn.MayMatch(path, Encoding.UTF8.GetBytes(text)), $"an example the prefilter skips:\n{text}");
        }
    }
}
