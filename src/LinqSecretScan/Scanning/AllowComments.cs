using LinqSecretScan.Core;

namespace LinqSecretScan.Scanning;

/// <summary>`linq-secret-scan:allow` anywhere on a line (in any comment style: the marker is searched, not the
/// comment syntax) allows the detections on that line; `linq-secret-scan:allow-next-line` those on the line below.
/// The text is only at hand while its content is scanned, so the mark is taken there; the item filters
/// (Filters/ItemFilters) suppress and count what it covers.</summary>
internal static class AllowComments
{
    public const string AllowMarker = "linq-secret-scan:allow";
    public const string AllowNextLineMarker = "linq-secret-scan:allow-next-line";

    public static bool IsAllowed(string text, int lineStart, int lineEnd)
    {
        var line = text.AsSpan(lineStart, lineEnd - lineStart);
        if (IgnoreCase.Contains(line, AllowMarker))
        {
            return true;
        }

        if (lineStart == 0)
        {
            return false;
        }

        int previousEnd = lineStart - 1;
        int previousStart = text.AsSpan(0, previousEnd).LastIndexOf('\n') + 1;
        return IgnoreCase.Contains(text.AsSpan(previousStart, previousEnd - previousStart), AllowNextLineMarker);
    }
}
