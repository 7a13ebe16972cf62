using System.Text.RegularExpressions;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Expands the placeholders of rule examples ({{linq}}, {{alnum:N}}, {{hex:N}}, {{b64:N}}, {{uuid}},
/// {{whsec}}) with values generated now, and {{repeat:TEXT:N}} (TEXT N times), which keeps even placeholder-shaped
/// values such as linq_ and 32 x's out of the committed rule file.</summary>
internal static partial class ExampleExpander
{
    public static (string Text, string? LastValue) Expand(string template, TestSecrets secrets)
    {
        string? last = null;
        string text = Placeholder().Replace(template, match =>
        {
            if (match.Groups["text"].Success)
            {
                return string.Concat(Enumerable.Repeat(match.Groups["text"].Value, int.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }

            string kind = match.Groups["kind"].Value;
            int n = match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            last = kind switch
            {
                "linq" => secrets.LinqToken(),
                "alnum" => secrets.Alnum(n),
                "hex" => secrets.Hex(n),
                "b64" => secrets.Base64(n),
                "uuid" => secrets.Uuid(),
                "whsec" => secrets.WebhookSecret(),
                _ => throw new InvalidOperationException($"unknown example placeholder {match.Value}"),
            };
            return last;
        });
        return (text, last);
    }

    [GeneratedRegex(@"\{\{(?:(?<kind>linq|alnum|hex|b64|uuid|whsec)(?::(?<n>\d+))?|repeat:(?<text>[^:}]+):(?<count>\d+))\}\}")]
    private static partial Regex Placeholder();
}
