using System.Buffers;
using System.Text;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

/// <summary>The one pass that lists where all rules' required literals stand must answer each rule as the rule's own
/// search would: from any start, in order or not, before or after where the list begins, with the list cut short by
/// its cap or not.</summary>
public sealed class LiteralHitsTests
{
    private static readonly string[][] Sets =
    [
        ["api", "apikey", "token", "key"],
        ["key", "name"],
        ["uses:"],
        ["-t", "--token", "token"],
        ["whsec_"],
    ];

    private static readonly string[] Pieces =
        ["api", "ApIkEy", "TOKEN", "key", "name", "uses:", "-t", "--token", "whsec_", "ap", "ke", "to", "-", "--", "k\u212Aey", "\u0131", " ", "\n", "x", "linq", "Linq_KEY"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryRule_GetsWhatItsOwnSearchFinds_FromAnyStart(int seed)
    {
        var random = new Random(seed);
        var index = new LiteralIndex([Sets[0], null, Sets[1], Sets[2], Sets[3], null, Sets[4]]);
        var own = new[] { 0, 2, 3, 4, 6 }.ToDictionary(r => r, r => SearchValues.Create(Sets[index.BitOfRule[r]], StringComparison.OrdinalIgnoreCase));
        Assert.Equal([0, -1, 1, 2, 3, -1, 4], index.BitOfRule);

        for (int round = 0; round < 40; round++)
        {
            var text = new StringBuilder();
            while (text.Length < random.Next(1, 3000))
            {
                text.Append(random.Next(4) == 0 ? Pieces[random.Next(Pieces.Length)] : ((char)random.Next('a', 'z' + 1)).ToString());
            }

            string s = text.ToString();
            foreach (int cap in new[] { 0, 1, 3, 50, 1 << 20 })
            {
                // Listed from where the first windows start, or from the text's start; asked before it too.
                int from = random.Next(2) == 0 ? 0 : random.Next(s.Length + 1);
                var hits = new LiteralHits(s, index, cap, from);
                var cursors = new Dictionary<int, int>();
                for (int ask = 0; ask < 60; ask++)
                {
                    int rule = own.Keys.ElementAt(random.Next(own.Count));
                    // Mostly forward, as a rule's windows come, sometimes back.
                    int start = random.Next(5) == 0 ? random.Next(s.Length + 1) : Math.Min(s.Length, ask * s.Length / 60 + random.Next(3));
                    int cursor = cursors.GetValueOrDefault(rule);
                    int expected = s.AsSpan(start).IndexOfAny(own[rule]) is var found and >= 0 ? start + found : int.MaxValue;

                    Assert.Equal(expected, hits.Next(index.BitOfRule[rule], own[rule], start, ref cursor));
                    cursors[rule] = cursor;
                }
            }
        }
    }

    [Fact]
    public void RulesBeyondTheSharedBits_SearchOnTheirOwn()
    {
        var sets = Enumerable.Range(0, LiteralIndex.MaxRules + 3).Select(i => (IReadOnlyList<string>?)[$"w{i}x"]).ToList();

        var index = new LiteralIndex(sets);

        Assert.Equal(Enumerable.Range(0, LiteralIndex.MaxRules).Concat([-1, -1, -1]), index.BitOfRule);
    }

    /// <summary>The detector with the list capped at a few places, on every text however short, finds what it finds
    /// without any literal check: the corpus and long texts where literals stand on some keyword lines and not others.</summary>
    [Fact]
    public void TheDetector_WithTheListCutShort_FindsTheSame()
    {
        var usual = new Detector(RuleLoader.BuiltIn) { LiteralCheckChars = int.MaxValue };
        var capped = new Detector(RuleLoader.BuiltIn) { LiteralCheckChars = 0, LiteralHitCap = 2 };
        var listed = new Detector(RuleLoader.BuiltIn) { LiteralCheckChars = 0 };
        var secrets = new TestSecrets(7);
        var texts = Corpus.CorpusCase.All.Select(c => (c.Path, c.Expand(3).Text)).ToList();
        for (int i = 0; i < 20; i++)
        {
            var text = new StringBuilder();
            for (int line = 0; line < 400; line++)
            {
                text.Append(secrets.Next(6) switch
                {
                    0 => "var total = orders.Where(o => o.Sent).Sum(o => o.Amount); // System.Linq\n",
                    1 => $"LINQ_API_KEY = \"{secrets.Alnum(40)}\"\n",
                    2 => $"linq login --token {secrets.LinqToken()}\n",
                    3 => $"curl -H \"Authorization: Bearer {secrets.LinqToken()}\" https://api.linqapp.com/api/partner/v3/chats\n",
                    4 => "key = name; uses: x -t\n",
                    _ => $"LINQ_WEBHOOK_SECRET={secrets.WebhookSecret()}\n",
                });
            }

            texts.Add(("config.py", text.ToString()));
        }

        int detections = 0;
        foreach (var (path, text) in texts)
        {
            detections += SameFindings.Assert(path, text, usual, capped, listed);
        }

        Assert.True(detections > 1000, $"{detections} detections");
    }
}
