using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Expands the placeholders of rule examples with values generated now: {{linq}}, {{alnum:N}}, {{hex:N}},
/// {{b64:N}}, {{b64url:N}}, {{uuid}}, {{whsec}} / {{whsec:N}} (N key bytes), {{b64of:KIND}} (base64 of such a value,
/// which is then the expected secret), {{b64text:TEXT}} (base64 of a fixed text) and {{repeat:TEXT:N}} (TEXT N
/// times), which keeps even placeholder-shaped values such as linq_ and 32 x's out of the committed rule file. About
/// half the random values get a placeholder word spliced in (<see cref="TestSecrets.WithMarker"/>): the rules must
/// find a token that happens to hold "FaKe" or "todo" like any other.</summary>
internal static partial class ExampleExpander
{
    public static (string Text, string? LastValue) Expand(string template, TestSecrets secrets)
    {
        var (text, value, _) = ExpandWithRaw(template, secrets);
        return (text, value);
    }

    /// <summary>Also returns the text the last value was written as (its base64 for {{b64of:...}}).</summary>
    public static (string Text, string? LastValue, string? LastRaw) ExpandWithRaw(string template, TestSecrets secrets)
    {
        string? last = null, lastRaw = null;
        string text = Placeholder().Replace(template, match =>
        {
            if (match.Groups["text"].Success)
            {
                return string.Concat(Enumerable.Repeat(match.Groups["text"].Value, int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture)));
            }

            if (match.Groups["plain"].Success)
            {
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(match.Groups["plain"].Value));
            }

            string kind = match.Groups["kind"].Value;
            int n = match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
            last = Generate(secrets, kind, n);
            lastRaw = match.Groups["encode"].Success ? Convert.ToBase64String(Encoding.UTF8.GetBytes(last)) : last;
            return lastRaw;
        });
        return (text, last, lastRaw);
    }

    public static string Generate(TestSecrets secrets, string kind, int n)
    {
        string value = kind switch
        {
            "linq" => secrets.LinqToken(n == 0 ? 32 : n),
            "alnum" => secrets.Alnum(n),
            "hex" => secrets.Hex(n),
            "b64" => secrets.Base64(n),
            "b64url" => secrets.Base64Url(n),
            "uuid" => secrets.Uuid(),
            "whsec" => secrets.WebhookSecret(n == 0 ? 32 : n),
            _ => throw new InvalidOperationException($"unknown example placeholder {kind}"),
        };
        return kind is "linq" or "alnum" or "b64" or "b64url" or "whsec" && secrets.CoinFlip() ? secrets.WithMarker(value) : value;
    }

    [GeneratedRegex(@"\{\{(?:(?<encode>b64of:)?(?<kind>linq|alnum|hex|b64url|b64|uuid|whsec)(?::(?<n>\d+))?|repeat:(?<text>[^:}]+):(?<count>\d+)|b64text:(?<plain>[^}]+))\}\}")]
    private static partial Regex Placeholder();
}
