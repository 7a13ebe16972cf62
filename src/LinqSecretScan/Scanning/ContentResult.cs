namespace LinqSecretScan.Scanning;

/// <summary>What scanning one content gave: its located detections, the bytes read, and whether it was binary or
/// could not be scanned.</summary>
internal sealed record ContentResult(LocatedDetection[] Detections, long Bytes, bool Read, bool Binary, string? Problem)
{
    public static ContentResult Failed(string problem) => new([], 0, false, false, problem);
}
