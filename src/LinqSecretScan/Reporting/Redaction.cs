using System.Text.RegularExpressions;

namespace LinqSecretScan.Reporting;

/// <summary>Shows enough of a secret to recognise it, never enough to use it: the known prefix and four more
/// characters (fewer for short values), then an ellipsis.</summary>
internal static partial class Redaction
{
    public const char Ellipsis = '\u2026';

    public static string? Apply(string? secret, bool showSecrets)
    {
        if (secret is null || showSecrets)
        {
            return secret;
        }

        int prefix = 0;
        foreach (var known in (string[])["linq_", "whsec_"])
        {
            if (secret.StartsWith(known, StringComparison.OrdinalIgnoreCase))
            {
                prefix = known.Length;
            }
        }

        int visibleBody = Math.Min(4, (secret.Length - prefix) / 4);
        return string.Concat(secret.AsSpan(0, prefix + visibleBody), Ellipsis.ToString());
    }

    /// <summary>Cuts whatever in <paramref name="text"/> looks like a Linq token or webhook secret to its prefix and
    /// four characters: for messages that quote input (a command-line word, an exception's message).</summary>
    public static string InText(string text) =>
        SecretLike().Replace(text, m => m.Value[..Math.Min(m.Value.Length, m.Value.IndexOf('_') + 5)] + Ellipsis);

    [GeneratedRegex(@"(?:linq|whsec)_[A-Za-z0-9+/=_\-.]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretLike();
}
