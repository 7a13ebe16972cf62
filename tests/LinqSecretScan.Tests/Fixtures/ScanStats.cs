using System.Text.Json;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Reads the one line that LINQ_SECRET_SCAN_STATS=json writes to stderr after a scan.</summary>
internal static class ScanStats
{
    public static readonly IReadOnlyDictionary<string, string?> Json = new Dictionary<string, string?> { ["LINQ_SECRET_SCAN_STATS"] = "json" };

    private const string Prefix = "linq-secret-scan: stats: ";

    public static Dictionary<string, long> Of(ProcessResult result)
    {
        string line = result.StdErr.Split('\n').Single(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line[Prefix.Length..]);
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    public static bool Printed(ProcessResult result) => result.StdErr.Contains(Prefix, StringComparison.Ordinal);
}
