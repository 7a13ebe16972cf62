using System.Text;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Corpus;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

/// <summary>A long window is searched only around the places its rule's literals stand (Detector.SearchNearLiterals),
/// for rules whose matches have a known reach (MatchReach). That must change no result: on the corpus, on the
/// rules' examples, and on long texts where the stretches are far apart (the examples inside a line of hundreds of
/// kilobytes, between lines of filler, after a run of keywords, with characters that IgnoreCase folds).</summary>
public sealed class DetectorNearLiteralTests
{
    private static readonly Detector Plain = new(RuleLoader.BuiltIn) { LiteralCheckChars = 0, NearLiteralChars = int.MaxValue };

    private static readonly Detector NearLiteralsEverywhere = new(RuleLoader.BuiltIn) { LiteralCheckChars = 0, NearLiteralChars = 0 };

    /// <summary>The usual detector: its checks start at 64 KiB, which the long texts here are.</summary>
    private static readonly Detector Usual = new(RuleLoader.BuiltIn);

    [Fact]
    public void EveryBuiltInRule_HasAReach()
    {
        var without = RuleLoader.BuiltIn.Rules.Where(r => MatchReach.Of(r.PatternSource) is null).Select(r => r.Name).ToList();

        Assert.True(without.Count == 0, string.Join(", ", without));
    }

    [Fact]
    public void OnTheCorpus_FindsTheSame()
    {
        int detections = 0;
        foreach (var corpusCase in CorpusCase.All)
        {
            var expanded = corpusCase.Expand(3);
            detections += SameFindings.Assert(corpusCase.Path, expanded.Text, Plain, NearLiteralsEverywhere);
        }

        Assert.True(detections > 150, $"{detections} detections");
    }

    [Fact]
    public void OnTheRuleExamples_InLongTexts_FindsTheSame()
    {
        var random = new Random(7);
        int detections = 0, longDetections = 0;
        foreach (var rule in RuleLoader.BuiltIn.Rules)
        {
            foreach (var (example, i) in rule.Examples.Concat(rule.CounterExamples).Select((e, i) => (e, i)))
            {
                var (text, _) = ExampleExpander.Expand(example, new TestSecrets(i + 31));
                string path = rule.ExamplePath ?? "example.txt";
                detections += SameFindings.Assert(path, text, Plain, NearLiteralsEverywhere);

                // The example far into a long line, and between many lines, with literals and keywords around it.
                string line = Filler(random, 40_000, lines: false) + text.Replace('\n', ' ') + Filler(random, 30_000, lines: false);
                string lines = Filler(random, 20_000, lines: true) + "\n" + text + "\n" + Filler(random, 20_000, lines: true);
                longDetections += SameFindings.Assert(path, line, Plain, NearLiteralsEverywhere, Usual);
                longDetections += SameFindings.Assert(path, lines, Plain, NearLiteralsEverywhere);
            }
        }

        Assert.True(detections > 100, $"{detections} detections");
        Assert.True(longDetections > 100, $"{longDetections} detections in long texts");
    }

    [Theory]
    [InlineData("LINQ_API_KEY=", 20_000)]
    [InlineData("LINQ_API_KEY = os.getenv('LINQ_API_KEY'); ", 3_000)]
    [InlineData("linq_", 30_000)]
    [InlineData("x=1;LINQ_TOKEN=process.env.LINQ_TOKEN;", 3_000)]
    public void OnRunsOfKeywords_FindsTheSame(string unit, int count)
    {
        var secrets = new TestSecrets(count);
        string text = string.Concat(Enumerable.Repeat(unit, count)) + " token = \"" + secrets.LinqToken() + "\"; "
            + string.Concat(Enumerable.Repeat(unit, count / 2)) + "LINQ_API_KEY=\"" + secrets.Alnum(40) + "\" ";

        int found = SameFindings.Assert("config.env.js", text, Plain, NearLiteralsEverywhere, Usual);

        Assert.True(found >= 1, $"{found}");
    }

    /// <summary>Matches that start far before the literal they hold (padding, a long variable name, other options
    /// of a client, lines of a CI step), inside and between long lines of filler: the stretch must start early
    /// enough, and a variable assigned 40,000 characters into its line is still resolved.</summary>
    [Fact]
    public void MatchesThatStartFarBeforeTheirLiteral_AreFound()
    {
        var random = new Random(13);
        var secrets = new TestSecrets(14);
        string name = "linq_token_from_the_environment_for_the_messaging_service_xy";
        string token = secrets.LinqToken();
        string key = secrets.Alnum(40);
        string[] shapes =
        [
            ";" + new string(' ', 40) + "export readonly " + name + " = process.env.LINQ_API_KEY; " + name + " = \"" + key + "\";",
            "const client = new LinqAPIV3({ timeout: 30000, " + string.Concat(Enumerable.Repeat("retries: 3, ", 28)) + "apiKey: \"" + key + "\" });",
            "variable \"linq_api_key\" {  description = \"" + new string('d', 300) + "\"  default = \"" + key + "\" }",
            "uses: linq-team/send-message@v1\n" + string.Concat(Enumerable.Repeat("  retries: 3\n", 11)) + "  api-key: " + key + "\n",
            "LINQ_API_KEY" + new string(' ', 20) + "=" + new string(' ', 20) + "\"" + token + "\"",
        ];
        foreach (string shape in shapes)
        {
            // On the filler's own 40,000-character line, and on a line of its own; a YAML step only on its own lines.
            string[] separators = shape.Contains('\n') ? ["\n"] : [" ", "\n"];
            foreach (string separator in separators)
            {
                string text = Filler(random, 40_000, lines: false) + separator + shape + separator + Filler(random, 30_000, lines: false);

                var found = Plain.Detect("app/config.ts", text);

                Assert.True(found.Any(d => d.Secret == key || d.Secret == token), $"{shape} after {(separator == " " ? "a space" : "a newline")}");
                SameFindings.Assert("app/config.ts", text, Plain, NearLiteralsEverywhere, Usual);
            }
        }
    }

    /// <summary>IgnoreCase folds the Kelvin sign onto k: a credential name spelled with one has no literal an ordinal
    /// search finds, and must still be searched around.</summary>
    [Fact]
    public void AroundCharactersThatFold_FindsTheSame()
    {
        var random = new Random(11);
        var secrets = new TestSecrets(12);
        string value = secrets.Alnum(40);
        string text = Filler(random, 50_000, lines: false) + " LINQ_API_\u212AEY = \"" + value + "\" " + Filler(random, 50_000, lines: false)
            + "\u00e9\u0130 linq_app = 1 " + Filler(random, 1_000, lines: false);

        var found = NearLiteralsEverywhere.Detect("settings.py", text);

        Assert.Contains(found, d => d.Secret == value);
        SameFindings.Assert("settings.py", text, Plain, NearLiteralsEverywhere, Usual);
    }

    /// <summary>Random letters and spaces with, about every 1,500 characters, a word that makes one of the rules'
    /// literals or keywords (linq, key, token, env, bearer, ...) or punctuation that assignments use, and in line mode
    /// newlines: stretches far apart, as in a minified file or a log that names Linq now and then.</summary>
    private static string Filler(Random random, int length, bool lines)
    {
        string[] words =
        [
            "linq", "Linq", "LINQ", "key", "token", "KEY", "env", "getenv(", "process.env.", "bearer", "api", "System.Linq", "secret", "=", ":", ";", "\"",
            "'", "x", "_", "-", "{", "}", "(", ")", "whsec", "uses:", "with:", "Authorization", "api.linqapp.com", "LINQ_API_KEY", "linq_",
        ];
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            int pick = random.Next(1500);
            if (pick < 2)
            {
                text.Append(words[random.Next(words.Length)]);
            }
            else if (pick < 250)
            {
                text.Append(lines && pick < 40 ? '\n' : ' ');
            }
            else
            {
                text.Append((char)('a' + random.Next(26)));
            }
        }

        return text.ToString();
    }
}
