using System.Text.Json;
using LinqSecretScan.Core;

namespace LinqSecretScan.Filters;

/// <summary>An earlier JSON report (`--baseline`): its findings are not reported again. Matching is by
/// fingerprint, so a baseline keeps working after lines move, and in every scan mode.</summary>
internal sealed class Baseline
{
    private readonly HashSet<string> _fingerprints;

    private Baseline(HashSet<string> fingerprints) => _fingerprints = fingerprints;

    public int Count => _fingerprints.Count;

    public bool Suppresses(Finding finding) => _fingerprints.Contains(finding.Fingerprint);

    public static Baseline Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new ScanException($"baseline not found: {path}");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ScanException($"baseline not found: {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot read baseline {path}: {ex.Message}", ex);
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("findings", out var findings)
                || findings.ValueKind != JsonValueKind.Array)
            {
                throw new ScanException($"baseline {path} is not a linq-secret-scan JSON report (no \"findings\" array)");
            }

            var fingerprints = new HashSet<string>(StringComparer.Ordinal);
            foreach (var finding in findings.EnumerateArray())
            {
                if (finding.ValueKind == JsonValueKind.Object
                    && finding.TryGetProperty("fingerprint", out var fingerprint)
                    && fingerprint.ValueKind == JsonValueKind.String)
                {
                    fingerprints.Add(fingerprint.GetString()!);
                }
                else
                {
                    throw new ScanException($"baseline {path}: a finding has no \"fingerprint\"");
                }
            }

            return new Baseline(fingerprints);
        }
        catch (JsonException ex)
        {
            throw new ScanException($"baseline {path} is not valid JSON: {ex.Message}", ex);
        }
    }
}
