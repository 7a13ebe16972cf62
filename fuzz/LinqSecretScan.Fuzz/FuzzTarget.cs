using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Fuzz;

/// <summary>One input through the decoders, the detector and both read paths of the content scanner. A crash is any
/// exception, or a broken invariant: a detection outside the text or not equal to the text at its offset, decoding
/// and sniffing disagreeing about binary, or the chunked path (small chunks, tiny reads) finding something other
/// than reading the content whole does.</summary>
/// <remarks>
/// The chunked path matches the whole read only within its documented limits, so the comparison is made where they
/// hold: lines of at most <see cref="MaxComparedLine"/> characters, and no section rule. On one long line of
/// back-to-back matches (`LINQ_API_KEY=LINQ_API_KEY=...`), where a chunk starts decides where each match starts, and
/// a section whose header is further up than half the overlap is not seen from the next chunk (the first runs of
/// this target found both; see docs/robustness.md).
/// </remarks>
internal static class FuzzTarget
{
    private static readonly Detector Detector = new(RuleLoader.BuiltIn);

    /// <summary>Paths that switch path-restricted rules on and off; the first byte picks one.</summary>
    private static readonly string[] Paths = ["app.py", ".linq/config.json", "appsettings.json", "deploy/values.yaml"];

    private static readonly ContentScanner Whole = new(Detector, ScanSettings.Default);

    private static readonly ContentScanner Chunked = new(Detector, ScanSettings.Default)
    {
        WholeReadBytes = 0,
        ChunkChars = 61,
        OverlapChars = 2048,
        BlockBytes = 37,
    };

    private const int MaxComparedLine = 256;

    public static void Run(byte[] data)
    {
        string path = Paths[data.Length == 0 ? 0 : data[0] % Paths.Length];
        var sniffed = TextDecoder.Sniff(data);
        var decoded = TextDecoder.Decode(data);
        if (data.Length > 0 && (sniffed is null) != (decoded is null))
        {
            throw new FuzzInvariantException("Sniff and Decode disagree about whether the content is binary");
        }

        if (decoded is null)
        {
            return;
        }

        foreach (var detection in Detector.Detect(path, decoded.Text))
        {
            if (detection.Offset < 0 || detection.Length <= 0 || detection.Offset + detection.Length > decoded.Text.Length)
            {
                throw new FuzzInvariantException($"detection at {detection.Offset}+{detection.Length} is outside the text ({decoded.Text.Length})");
            }

            // A value split over concatenated literals ("linq_ab" + "cd") is one secret: its span covers the whole
            // expression and the secret is the pieces joined, so it must read in order within the span.
            var span = decoded.Text.AsSpan(detection.Offset, detection.Length);
            if (!span.SequenceEqual(detection.Secret) && !(span.StartsWith(detection.Secret.AsSpan(0, 1)) && ReadsInOrder(detection.Secret, span)))
            {
                throw new FuzzInvariantException($"detection at {detection.Offset} is not the text at that offset");
            }
        }

        var item = new ScanItem { Path = path, Content = new MemoryRef(data, path) };
        using var reader = new MemoryContentReader();
        var whole = Whole.Scan(item, reader);
        var chunked = Chunked.Scan(item, reader);
        if (whole.Problem is not null || chunked.Problem is not null || whole.Binary != chunked.Binary)
        {
            throw new FuzzInvariantException($"the read paths disagree: whole {whole.Problem ?? whole.Binary.ToString()}, chunked {chunked.Problem ?? chunked.Binary.ToString()}");
        }

        if (LongestLine(decoded.Text) > MaxComparedLine)
        {
            return;
        }

        var wholeSet = whole.Detections.Where(d => d.Rule.Kind != RuleKind.Section).Select(Describe).ToList();
        var chunkedSet = chunked.Detections.Where(d => d.Rule.Kind != RuleKind.Section).Select(Describe).ToList();
        if (!wholeSet.SequenceEqual(chunkedSet))
        {
            throw new FuzzInvariantException(
                $"chunked scan found [{string.Join(", ", chunkedSet)}], whole scan [{string.Join(", ", wholeSet)}]");
        }
    }

    private static int LongestLine(string text)
    {
        int longest = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            longest = Math.Max(longest, line.Length);
        }

        return longest;
    }

    private static string Describe(LocatedDetection detection) =>
        $"{detection.Rule.Name}@{detection.Line}:{detection.Column}+{detection.Length}";

    /// <summary>Whether every character of <paramref name="secret"/> occurs in <paramref name="span"/>, in order.</summary>
    private static bool ReadsInOrder(string secret, ReadOnlySpan<char> span)
    {
        int at = 0;
        foreach (char c in secret)
        {
            int next = span[at..].IndexOf(c);
            if (next < 0)
            {
                return false;
            }

            at += next + 1;
        }

        return true;
    }
}
