using System.Text.RegularExpressions;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Detection;

/// <summary>Reads the `data:` and `stringData:` maps of Kubernetes Secret manifests (YAML, one or more documents).
/// `data:` values are base64: each is decoded and judged as the value it holds, and a finding points at the encoded
/// value. A value counts when it is a linq_ token (or, for the webhook rule, a whsec_ secret), when its key names a
/// Linq credential (LINQ_API_KEY), or when the Secret itself is named for Linq (metadata.name linq-credentials) and
/// the key is a credential key (api-key, token, apiKey, webhook-secret...).</summary>
internal static partial class KubernetesSecrets
{
    private const int MaxEntries = 10_000;

    /// <summary>One candidate: where the value is in the text, its length there, and the value it stands for.</summary>
    public readonly record struct Entry(int Offset, int Length, string Value, string Key, bool Encoded, bool SecretNamedForLinq);

    public static IEnumerable<Entry> Entries(Rule rule, string text)
    {
        int produced = 0;
        foreach (Match header in rule.Header!.Matches(text))
        {
            var (start, end) = DocumentAround(text, header.Index);
            bool namedForLinq = NamedForLinq().IsMatch(MetadataName(text, start, end));
            foreach (var (blockStart, blockEnd, encoded) in Blocks(text, start, end))
            {
                foreach (Match line in rule.Pattern.Matches(text.Substring(blockStart, blockEnd - blockStart)))
                {
                    var secret = line.Groups["secret"];
                    string key = line.Groups["key"].Value;
                    string? value = encoded ? WebhookSecrets.DecodeBase64Text(secret.ValueSpan) : secret.Value;
                    if (value is null)
                    {
                        continue;
                    }

                    yield return new Entry(blockStart + secret.Index, secret.Length, value, key, encoded, namedForLinq);
                    if (++produced >= MaxEntries)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>The YAML document holding <paramref name="at"/>: between `---` lines (or the text's ends).</summary>
    private static (int Start, int End) DocumentAround(string text, int at)
    {
        int start = 0;
        foreach (Match separator in DocumentSeparator().Matches(text))
        {
            if (separator.Index > at)
            {
                return (start, separator.Index);
            }

            start = separator.Index + separator.Length;
        }

        return (start, text.Length);
    }

    private static string MetadataName(string text, int start, int end)
    {
        var match = MetadataNameLine().Match(text, start, end - start);
        return match.Success ? match.Groups["name"].Value : string.Empty;
    }

    /// <summary>The top-level `data:` and `stringData:` blocks of a document: from the line after the key to the next
    /// line that is not indented.</summary>
    private static IEnumerable<(int Start, int End, bool Encoded)> Blocks(string text, int start, int end)
    {
        foreach (Match key in DataKey().Matches(text.Substring(start, end - start)))
        {
            int blockStart = start + key.Index + key.Length;
            int position = blockStart;
            while (position < end)
            {
                int lineEnd = text.IndexOf('\n', position);
                lineEnd = lineEnd < 0 || lineEnd > end ? end : lineEnd;
                var line = text.AsSpan(position, lineEnd - position).TrimEnd('\r');
                if (line.Length > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '#')
                {
                    break;
                }

                position = lineEnd + 1;
            }

            yield return (blockStart, Math.Min(position, end), key.Groups["string"].Length == 0);
        }
    }

    [GeneratedRegex(@"^---[^\r\n]{0,200}\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^metadata:[ \t]{0,5}\r?\n(?:[ \t]{1,20}[^\r\n]{0,300}\r?\n){0,30}?[ \t]{1,20}name:[ \t]{0,5}[""']?(?<name>[^""'\r\n#]{1,253})", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MetadataNameLine();

    [GeneratedRegex(@"^(?<string>string)?data:[ \t]{0,5}\r?\n", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DataKey();

    [GeneratedRegex(@"(?:^|[^a-z0-9])linq(?:app)?(?:[^a-z0-9;]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedForLinq();
}
