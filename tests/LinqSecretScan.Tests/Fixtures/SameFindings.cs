using System.Globalization;
using LinqSecretScan.Detection;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>For tests that run two detectors set up differently (a check on or off, a list or a search) over the
/// same texts: their findings must be the same, rule, offset, length and secret.</summary>
internal static class SameFindings
{
    /// <summary>Asserts that every detector finds what the first one finds; returns how many it found.</summary>
    public static int Assert(string path, string text, Detector first, params Detector[] others)
    {
        string expected = Describe(first.Detect(path, text));
        foreach (var other in others)
        {
            Xunit.Assert.Equal(expected, Describe(other.Detect(path, text)));
        }

        return expected.Length == 0 ? 0 : expected.Split('\n').Length;
    }

    private static string Describe(IEnumerable<LinqSecretScan.Detection.Detection> found) =>
        string.Join("\n", found.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Rule.Name} {d.Offset} {d.Length} {d.Secret}")));
}
