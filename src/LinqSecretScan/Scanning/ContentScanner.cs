using LinqSecretScan.Detection;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Reads, decodes and scans one content. Up to 16 MiB it is read whole; a larger one is streamed in
/// chunks of a few million characters that overlap by 64 Ki characters, so memory stays bounded whatever the
/// size and a secret across a chunk boundary is still found. Each detection is kept by exactly one chunk: the one
/// in which it has at least half the overlap of text on either side. A detection's offset is its secret's, and the
/// match that found it may start well before (`LINQ_API_KEY=` before the value), so a chunk must not keep what
/// lies at its very start, where that context was cut off. Safe to use from several threads, each with its own
/// reader.</summary>
internal sealed class ContentScanner(Detector detector, ScanSettings settings)
{
    public const int WholeReadLimit = IContentReader.WholeReadLimit;

    /// <summary>Characters scanned per chunk beyond the overlap (settable for tests).</summary>
    public int ChunkChars { get; init; } = 4 << 20;

    /// <summary>Characters carried from one chunk into the next: half of it is context before a kept detection,
    /// half after, and each half is longer than any match.</summary>
    public int OverlapChars { get; init; } = 64 << 10;

    /// <summary>Bytes read from the stream at a time (settable for tests: small blocks make many chunks of small
    /// content).</summary>
    public int BlockBytes { get; init; } = 1 << 20;

    /// <summary>Content up to this many bytes is read whole (settable for tests, to reach the chunked path with
    /// small content).</summary>
    public long WholeReadBytes { get; init; } = WholeReadLimit;

    /// <param name="progress">Where the time spent reading and detecting is added, when given.</param>
    public ContentResult Scan(ScanItem item, IContentReader reader, ScanProgress? progress = null)
    {
        long start = progress?.Timestamp() ?? 0;
        var phase = ScanPhase.Read;
        try
        {
            using var stream = reader.Open(item.Content);
            if (progress is not null)
            {
                start = progress.Timed(ScanPhase.Read, start);
                phase = ScanPhase.Detection;
            }

            long length = stream.Length;
            if (length > settings.MaxFileSize)
            {
                return ContentResult.Failed(
                    $"{Where(item)} was not scanned: {length:N0} bytes is more than maxFileSize ({settings.MaxFileSize:N0}; raise it in .linqsecretscan.json, or exclude the path)");
            }

            if (length == 0)
            {
                return new ContentResult([], 0, true, false, null);
            }

            return length <= WholeReadBytes ? ScanWhole(item, stream, (int)length) : ScanChunked(item, stream, length);
        }
        catch (ObjectReadException ex)
        {
            return ContentResult.Failed(ex.Message);
        }
        catch (DetectionTimeoutException ex)
        {
            return ContentResult.Failed($"{Where(item)}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ContentResult.Failed($"cannot read {Where(item)}: {ex.Message}");
        }
        finally
        {
            progress?.Timed(phase, start);
        }
    }

    private static string Where(ScanItem item) => item.Commit is null ? item.Path : $"{item.Path} @ {item.Commit}";

    /// <summary>Scans content small enough to hold: in place when the stream is libgit2's buffer, from a pooled
    /// array otherwise. Binary content and UTF-8 content without any keyword stop before decoding.</summary>
    private ContentResult ScanWhole(ScanItem item, Stream stream, int length)
    {
        if (stream is UnmanagedMemoryStream inPlace)
        {
            return ScanBytes(item, InPlace(inPlace, length));
        }

        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            stream.ReadExactly(rented, 0, length);
            return ScanBytes(item, rented.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static unsafe ReadOnlySpan<byte> InPlace(UnmanagedMemoryStream stream, int length) =>
        new(stream.PositionPointer, length);

    private ContentResult ScanBytes(ScanItem item, ReadOnlySpan<byte> bytes)
    {
        var sniffed = TextDecoder.Sniff(bytes);
        if (sniffed is null)
        {
            return new ContentResult([], bytes.Length, true, true, null);
        }

        if (sniffed.Encoding.CodePage == System.Text.Encoding.UTF8.CodePage && !detector.MayMatch(item.Path, bytes))
        {
            return new ContentResult([], bytes.Length, true, false, null);
        }

        string text = sniffed.Encoding.GetString(bytes[sniffed.BomLength..]);
        var detections = detector.Detect(item.Path, text);
        var located = new List<LocatedDetection>(detections.Count);
        Locate(text, detections, 0, int.MaxValue, 1, 1, located);
        return new ContentResult([.. located], bytes.Length, true, false, null);
    }

    private ContentResult ScanChunked(ScanItem item, Stream stream, long length)
    {
        var head = new byte[TextDecoder.BinarySniffLength];
        int headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var sniffed = TextDecoder.Sniff(head.AsSpan(0, headLength));
        if (sniffed is null)
        {
            return new ContentResult([], length, true, true, null);
        }

        var decoder = sniffed.Encoding.GetDecoder();
        // Room for a full chunk plus whatever one more read (or the sniffed head) decodes to, and a few characters
        // a decoder may have held back from the previous read.
        var buffer = new char[OverlapChars + ChunkChars + Math.Max(BlockBytes, TextDecoder.BinarySniffLength) + 16];
        var block = new byte[BlockBytes];
        int textLength = decoder.GetChars(head, sniffed.BomLength, headLength - sniffed.BomLength, buffer, 0, flush: false);
        long firstLine = 1;
        int firstColumn = 1;
        var located = new List<LocatedDetection>();
        bool end = false;
        bool carried = false;
        while (true)
        {
            while (!end && textLength < OverlapChars + ChunkChars)
            {
                int read = stream.Read(block, 0, block.Length);
                if (read == 0)
                {
                    end = true;
                    textLength += decoder.GetChars([], 0, 0, buffer, textLength, flush: true);
                }
                else
                {
                    textLength += decoder.GetChars(block, 0, read, buffer, textLength, flush: false);
                }
            }

            string text = new(buffer, 0, textLength);
            int keepFrom = carried ? OverlapChars / 2 : 0;
            int keepBefore = end ? int.MaxValue : textLength - (OverlapChars - (OverlapChars / 2));
            var locator = Locate(text, detector.Detect(item.Path, text), keepFrom, keepBefore, firstLine, firstColumn, located);
            if (end)
            {
                break;
            }

            int carryStart = textLength - OverlapChars;
            var (line, column, _, _) = locator.Locate(carryStart);
            firstLine = line;
            firstColumn = column;
            Array.Copy(buffer, carryStart, buffer, 0, OverlapChars);
            textLength = OverlapChars;
            carried = true;
        }

        return new ContentResult([.. located], length, true, false, null);
    }

    /// <summary>Adds the detections that start in [<paramref name="keepFrom"/>, <paramref name="keepBefore"/>) with
    /// their line, column and allow status.</summary>
    private static LineLocator Locate(
        string text, IReadOnlyList<Detection.Detection> detections, int keepFrom, int keepBefore, long firstLine, int firstColumn, List<LocatedDetection> located)
    {
        var locator = new LineLocator(text, firstLine, firstColumn);
        foreach (var detection in detections)
        {
            if (detection.Offset < keepFrom || detection.Offset >= keepBefore)
            {
                continue;
            }

            var (line, column, lineStart, lineEnd) = locator.Locate(detection.Offset);
            located.Add(new LocatedDetection(
                detection.Rule,
                detection.Secret,
                line,
                column,
                detection.Length,
                AllowComments.IsAllowed(text, lineStart, lineEnd)));
        }

        return locator;
    }
}
