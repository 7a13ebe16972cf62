using System.Security.Cryptography;
using System.Text;

namespace LinqSecretScan.Core;

/// <summary>Fingerprints identify a secret under a rule in a file, wherever its line moves: a keyed hash of rule
/// id, path (with / separators) and secret. Never the line, never the secret itself; the key keeps it from being
/// a plain, precomputable hash of the secret. Plain hex on purpose: a form such as `linq-api-token:&lt;hex&gt;` reads
/// as a Linq credential assignment, so ignore files and reports would trip this very scanner.</summary>
internal static class Fingerprints
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("linq-secret-scan/fingerprint/v1");

    public static string Compute(string ruleId, string path, string? secret)
    {
        string normalizedPath = ReportPaths.FromNative(path);
        string normalizedSecret = (secret ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal);
        byte[] material = Encoding.UTF8.GetBytes($"{ruleId}\n{normalizedPath}\n{normalizedSecret}");
        byte[] mac = HMACSHA256.HashData(Key, material);
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }
}
