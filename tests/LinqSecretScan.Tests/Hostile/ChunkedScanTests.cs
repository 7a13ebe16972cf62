using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Rules;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;
using LinqSecretScan.Sources.Files;
using LinqSecretScan.Tests.Fixtures;
using ScannerCli = LinqSecretScan.Tests.Fixtures.Scanner;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>Content too large to read whole is scanned in overlapping chunks. Tiny chunks make every boundary case
/// reachable with small content; one end-to-end scan of a 40 MB file runs the default sizes.</summary>
public sealed class ChunkedScanTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void Chunked_SecretsStraddlingEveryBoundary_AreEachFoundExactlyOnce_AtTheRightLineAndColumn()
    {
        var scanner = new ContentScanner(new Detector(RuleLoader.BuiltIn), ScanSettings.Default)
        {
            WholeReadBytes = 0,
            ChunkChars = 64,
            OverlapChars = 256,
            BlockBytes = 16,
        };
        string value = _secrets.Alnum(40), token = _secrets.LinqToken();
        using var folder = new TempGitRepo(init: false);
        var missed = new List<string>();
        for (int shift = 0; shift < 200; shift++)
        {
            // The first chunk is the 8000-byte sniff; past it, a boundary every 64 characters. The last chunk keeps
            // everything it holds, so the secrets need text after them too.
            var text = new StringBuilder();
            text.Append('-', 8200 + shift).Append('\n');
            for (int i = 0; i < 5; i++)
            {
                text.Append("filler line ").Append(i).Append('\n');
            }

            text.Append("LINQ_API_KEY=").Append(value).Append("\r\nnext: ").Append(token).Append('\n');
            text.Append('-', 1000).Append('\n');
            folder.Write("chunked.txt", text.ToString());

            var result = scanner.Scan(Item(folder, "chunked.txt"), new FileContentReader());

            string found = string.Join(", ", result.Detections.Select(d => $"{d.Secret}@{d.Line}:{d.Column}"));
            if (found != $"{value}@7:14, {token}@8:7")
            {
                missed.Add($"shift {shift}: {found}");
            }
        }

        Assert.Empty(missed);
    }

    [Fact]
    public void Chunked_MultiByteCharactersAcrossReadBlocks_KeepColumnsInUtf16CodeUnits()
    {
        var scanner = new ContentScanner(new Detector(RuleLoader.BuiltIn), ScanSettings.Default)
        {
            WholeReadBytes = 0,
            ChunkChars = 50,
            OverlapChars = 200,
            BlockBytes = 7,
        };
        string token = _secrets.LinqToken();
        using var folder = new TempGitRepo(init: false);
        folder.Write("multi.txt", string.Concat(Enumerable.Repeat("caf\u00e9 \U0001F600 \u4e2d\u6587\n", 30)) + $"\u00e9\u00e9 {token}\n");

        var result = scanner.Scan(Item(folder, "multi.txt"), new FileContentReader());

        var detection = Assert.Single(result.Detections);
        Assert.Equal((31L, 4), (detection.Line, detection.Column));
    }

    [Fact]
    public void Dir_A40MegabyteFile_IsStreamed_AndSecretsAtTheStartAcrossTheFirstChunkBoundaryAndAtTheEndAreFoundOnce()
    {
        using var folder = new TempGitRepo(init: false);
        string first = _secrets.LinqToken(), value = _secrets.Alnum(40), last = _secrets.LinqToken();
        string filler = "the quick brown fox jumps over the lazy dog, again and again\n";

        // The first chunk ends where the default sizes put it: the 8000-byte sniff, then 1 MiB reads until the text
        // holds 64 Ki of overlap plus a 4 Mi chunk; the first chunk keeps what starts before the last half-overlap.
        var defaults = new ContentScanner(new Detector(RuleLoader.BuiltIn), ScanSettings.Default);
        long firstText = TextDecoder.BinarySniffLength;
        while (firstText < defaults.OverlapChars + defaults.ChunkChars)
        {
            firstText += defaults.BlockBytes;
        }

        long boundary = firstText - (defaults.OverlapChars / 2);
        var path = folder.PathOf("big.log");
        long lineOfValue;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            writer.Write($"start {first}\n");
            long written = 6 + first.Length + 1, line = 2;
            string name = "LINQ_API_KEY=";
            while (written + filler.Length < boundary - 5)
            {
                writer.Write(filler);
                written += filler.Length;
                line++;
            }

            writer.Write(new string('x', (int)(boundary - 5 - written)) + "\n");
            written = boundary - 4;
            line++;
            writer.Write(name + value + "\n");
            lineOfValue = line;
            while (written < 40_000_000)
            {
                writer.Write(filler);
                written += filler.Length;
            }

            writer.Write($"end {last}\n");
        }

        var result = ScannerCli.RunWithin(TimeSpan.FromSeconds(120), folder.Root, null, "dir", "--format", "json", "--show-secrets");

        var findings = ScannerCli.ParseFindings(result);
        Assert.Equal(
            [first, value, last],
            findings.Select(f => f.GetProperty("secret").GetString()));
        Assert.Equal(lineOfValue, findings[1].GetProperty("line").GetInt64());
        Assert.Equal(14, findings[1].GetProperty("column").GetInt32());
    }

    /// <summary>From the fuzzer (fuzz/run.sh): on one long line of back-to-back assignments the chunked path and the
    /// whole read can split the matches differently, since where a chunk starts decides where each match starts (a
    /// documented limit). What must hold is that the damage stays on that line: the lines below are scanned exactly as
    /// in a whole read.</summary>
    [Fact]
    public void Chunked_BelowALongLineOfBackToBackAssignments_FindsWhatTheWholeReadFinds()
    {
        var detector = new Detector(RuleLoader.BuiltIn);
        var whole = new ContentScanner(detector, ScanSettings.Default);
        var chunked = new ContentScanner(detector, ScanSettings.Default) { WholeReadBytes = 0, ChunkChars = 61, OverlapChars = 2048, BlockBytes = 37 };
        string value = _secrets.Alnum(40), token = _secrets.LinqToken();
        var text = new StringBuilder();
        text.Append('\u0001').Append('f', 9000).Append('\n');
        text.Insert(text.Length, "LINQ_API_KEY=", 400).Append('\n');
        text.Append("LINQ_TOKEN: ").Append(value).Append('\n').Append("t = ").Append(token).Append('\n');
        for (int i = 0; i < 100; i++)
        {
            text.Append("short line ").Append(i).Append('\n');
        }

        using var folder = new TempGitRepo(init: false);
        folder.Write("chain.txt", text.ToString());

        var fromWhole = whole.Scan(Item(folder, "chain.txt"), new FileContentReader()).Detections.Where(d => d.Line > 2).Select(d => (d.Secret, d.Line, d.Column));
        var fromChunks = chunked.Scan(Item(folder, "chain.txt"), new FileContentReader()).Detections.Where(d => d.Line > 2).Select(d => (d.Secret, d.Line, d.Column));

        Assert.Equal([(value, 3L, 13), (token, 4L, 5)], fromWhole);
        Assert.Equal(fromWhole, fromChunks);
    }

    [Fact]
    public void Detector_APatternThatHitsItsMatchTimeout_ThrowsTheFuse_AndTheContentScanReportsAProblemNamingTheRule()
    {
        var slow = new Rule
        {
            Id = "slow-rule",
            Name = "slow-rule",
            LazyPattern = new Lazy<Regex>(new Regex("(?<secret>(a|aa)+b)", RegexOptions.None, TimeSpan.FromMilliseconds(1))),
            PatternSource = "(?<secret>(a|aa)+b)",
            SecretType = SecretType.Any,
        };
        var detector = new Detector(new RuleSet([slow], RuleLoader.BuiltIn.EnvFile, new HashSet<string>()));
        string text = new('a', 64);
        using var folder = new TempGitRepo(init: false);
        folder.Write("slow.txt", text);

        Assert.Throws<DetectionTimeoutException>(() => detector.Detect("slow.txt", text));
        var result = new ContentScanner(detector, ScanSettings.Default).Scan(Item(folder, "slow.txt"), new FileContentReader());
        var outcome = new ScanOutcome();
        using (var source = DirSource.Open(new HostEnvironment(folder.Root, []), folder.Root))
        {
            FindingStage.Run(source, new LinqSecretScan.Scanning.Scanner(detector, ScanSettings.Default), outcome, new ScanProgress());
        }

        Assert.Contains("slow-rule", result.Problem);
        Assert.Contains("not fully scanned", Assert.Single(outcome.Problems));
    }

    private static ScanItem Item(TempGitRepo folder, string name) =>
        new() { Path = name, Content = new FileRef(folder.PathOf(name), name) };
}
