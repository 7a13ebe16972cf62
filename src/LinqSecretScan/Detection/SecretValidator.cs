using System.Security.Cryptography;
using System.Text;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Detection;

/// <summary>Decides whether a captured value is a real-looking secret of the rule's kind.</summary>
internal static class SecretValidator
{
    public const string TokenPrefix = "linq_";
    public const string WebhookPrefix = "whsec_";

    /// <summary>Returns the secret to report (possibly trimmed), or null to drop the match.</summary>
    public static string? Validate(SecretType type, string value, bool quoted, bool followedByCall, IReadOnlySet<string> knownExamples)
    {
        string? secret = type switch
        {
            SecretType.PrefixedToken => ValidatePrefixed(value),
            SecretType.CredentialValue => ValidateCredentialValue(value, quoted, followedByCall),
            SecretType.WebhookSecret => ValidateWebhookSecret(value),
            _ => ValidateAny(value),
        };
        if (secret is null || knownExamples.Count == 0)
        {
            return secret;
        }

        return knownExamples.Contains(Sha256Hex(secret)) ? null : secret;
    }

    private static string? ValidatePrefixed(string value)
    {
        string token = value.TrimEnd('.');
        if (!token.StartsWith(TokenPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var body = token.AsSpan(TokenPrefix.Length);
        if (body.Length < 12 || Placeholders.IsPlaceholder(body) || !TokenShape.LooksRandom(body))
        {
            return null;
        }

        return token;
    }

    private static string? ValidateCredentialValue(string value, bool quoted, bool followedByCall)
    {
        if (!quoted && followedByCall)
        {
            return null;
        }

        string secret = value.Trim();
        if (secret.Length == 0 || secret.AsSpan().ContainsAny(" \t\r\n") || Placeholders.IsPlaceholder(secret))
        {
            return null;
        }

        if (secret.StartsWith(TokenPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return ValidatePrefixed(secret);
        }

        if (secret.StartsWith(WebhookPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return TokenShape.LooksRandom(secret) ? secret : null;
    }

    private static string? ValidateWebhookSecret(string value)
    {
        if (!value.StartsWith(WebhookPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = value.AsSpan(WebhookPrefix.Length);
        Span<byte> key = stackalloc byte[48];
        if (!Convert.TryFromBase64Chars(body, key, out int written) || written != 32)
        {
            return null;
        }

        if (Placeholders.IsPlaceholder(body) || !TokenShape.LooksRandom(body.TrimEnd('=')))
        {
            return null;
        }

        return value;
    }

    private static string? ValidateAny(string value)
    {
        string secret = value.Trim();
        return secret.Length == 0 || Placeholders.IsPlaceholder(secret) ? null : secret;
    }

    public static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
