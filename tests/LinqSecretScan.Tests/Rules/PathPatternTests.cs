using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Tests.Rules;

/// <summary>The path patterns are written for speed (lookarounds instead of whole path segments, which the regex
/// engine tried from every character of every path); these are the segment forms they replaced, and the tests
/// check on generated paths that both select exactly the same paths.</summary>
public sealed class PathPatternTests
{
    private const string LinqPathAsSegments =
        @"(?i)(?:^|/)(?:[^/]*[^a-z0-9/])?(?<!system\.)linq(?:app)?(?:[^a-z0-9/][^/]*)?(?:/|$)|(?:^|/)(?:[^/]*[^a-zA-Z/])?(?-i:Linq)(?:App)?(?-i:[A-Z])(?<!(?-i:LinqT))[^/]*$";

    private const string CliConfigAsSegments = @"(?:^|/)\.?linq/config\.json$";

    private const string PackageArtifactsAsSegments =
        @"(?:^|/)(?:poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|bun\.lock|deno\.lock|Cargo\.lock|go\.sum|Gemfile\.lock|composer\.lock|mix\.lock|pubspec\.lock|Podfile\.lock|Package\.resolved|packages\.lock\.json|project\.assets\.json|gradle\.lockfile|flake\.lock|conda-lock\.ya?ml|[^/]*\.dist-info/(?:RECORD|METADATA|WHEEL)|[^/]*\.egg-info/(?:SOURCES\.txt|PKG-INFO))$";

    private static readonly string[] Pieces =
    [
        "linq", "Linq", "LINQ", "lInQ", "linqapp", "LinqApp", "LinqAPP", "App", "app", "apps", "system.", "System.", "T", "To", "DB",
        "Client", "Webhook", "x", "a", "Z", "1", "2", "_", "-", ".", " ", "/", "/", "/", "\n", "\u212A", "\u00e9", "\u00c9",
        "poetry.lock", "uv.lock", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "go.sum", "dist-info", ".dist-info/", "RECORD", "METADATA",
        ".egg-info/", "PKG-INFO", "SOURCES.txt", "egg-info", "config.json", "linq/config.json", ".linq/", "json", ".lock", "lock",
    ];

    /// <summary>More pieces for the Kubernetes files' pattern and for case folding.</summary>
    private static readonly string[] MorePieces = [.. Pieces, ".yml", ".YAML", ".Json", "secret.yaml", "l\u0130nq", "\u017F", "LINQ/CONFIG.JSON", "poetry.loc\u212A", ".j\u017Fon", "\u017Fecret.ya\u212Al"];

    [Fact]
    public void TheLinqPathRule_AndFileContext_UseTheSamePattern()
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == "linq-webhook-secret-in-linq-path");

        Assert.Equal(FileContext.LinqPathPattern, rule.Paths!.ToString());
    }

    [Fact]
    public void LinqPath_SelectsTheSamePaths_AsTheSegmentForm()
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == "linq-webhook-secret-in-linq-path").Paths!;

        AssertSameSelection(new Regex(LinqPathAsSegments, rule.Options), rule);
        AssertSameSelection(
            new Regex(LinqPathAsSegments, RegexOptions.CultureInvariant),
            new Regex(FileContext.LinqPathPattern, RegexOptions.CultureInvariant),
            FileContext.NamesLinq);
    }

    [Fact]
    public void CliConfigPath_SelectsTheSamePaths_AsTheSegmentForm()
    {
        var rule = RuleLoader.BuiltIn.Rules.Single(r => r.Name == "linq-cli-profile-token").Paths!;

        AssertSameSelection(new Regex(CliConfigAsSegments, rule.Options), rule);
    }

    [Fact]
    public void PackageArtifacts_SelectsTheSamePaths_AsTheSegmentForm()
    {
        var artifacts = RuleLoader.BuiltIn.PackageArtifacts!;

        AssertSameSelection(new Regex(PackageArtifactsAsSegments, artifacts.Options), artifacts);
    }

    /// <summary>The detector checks a path for the literals every match of a built-in path pattern holds before it
    /// runs the pattern (<see cref="PathPattern"/>, from its <see cref="PathPattern.DirectChecks"/>th path on): the
    /// same paths are selected, for every built-in path pattern, on paths with the literals in any case and with
    /// characters that IgnoreCase folds onto ASCII letters.</summary>
    [Fact]
    public void LiteralCheckedPathPatterns_SelectTheSamePaths_AsTheirRegexes()
    {
        var patterns = RuleLoader.BuiltIn.Rules.Where(r => r.Paths is not null).Select(r => r.Paths!).Append(RuleLoader.BuiltIn.PackageArtifacts!).ToList();
        Assert.True(patterns.Count >= 4, string.Join(", ", patterns));
        foreach (var regex in patterns)
        {
            var checkedFirst = new PathPattern(regex, builtIn: true);
            for (int i = 0; i < PathPattern.DirectChecks; i++)
            {
                checkedFirst.IsMatch("warm/up.txt");
            }

            AssertSameSelection(regex, checkedFirst.IsMatch, minimum: 100, pieces: MorePieces);

            // Every other path 600 characters deep.
            AssertSameSelection(regex, checkedFirst.IsMatch, minimum: 50, pieces: MorePieces, longPrefix: string.Concat(Enumerable.Repeat("deep/er/", 75)));
        }
    }

    private static void AssertSameSelection(Regex reference, Regex rewritten, Func<string, bool>? alsoThis = null) =>
        AssertSameSelection(reference, rewritten.IsMatch, alsoThis, 300);

    private static void AssertSameSelection(Regex reference, Func<string, bool> rewritten, Func<string, bool>? alsoThis = null, int minimum = 300, string[]? pieces = null, string longPrefix = "")
    {
        var random = new Random(13);
        int selected = 0, total = 0;
        foreach (var path in Paths(random, 60_000, pieces ?? Pieces, longPrefix))
        {
            bool expected = reference.IsMatch(path);
            Assert.True(expected == rewritten(path), $"'{path}' with {reference}: {expected} before");
            if (alsoThis is not null)
            {
                Assert.True(expected == alsoThis(path), $"'{path}': {expected} before");
            }

            selected += expected ? 1 : 0;
            total++;
        }

        // Neither side of the comparison may be rare, or it would show little.
        Assert.InRange(selected, minimum, total - minimum);
    }

    private static IEnumerable<string> Paths(Random random, int count, string[] pieces, string longPrefix)
    {
        var path = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            path.Clear().Append(i % 2 == 0 ? longPrefix : string.Empty);
            int length = random.Next(1, 9);
            for (int p = 0; p < length; p++)
            {
                path.Append(pieces[random.Next(pieces.Length)]);
            }

            yield return path.ToString();
        }
    }
}
