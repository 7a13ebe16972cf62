namespace LinqSecretScan.Reporting;

/// <summary>Shows enough of a secret to recognise it, never enough to use it: the known prefix and four more
/// characters (fewer for short values), then an ellipsis.</summary>
internal static class Redaction
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
}
