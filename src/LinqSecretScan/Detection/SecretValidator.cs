using System.Security.Cryptography;
using System.Text;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Detection;

/// <summary>Decides whether a captured value is a real-looking secret of the rule's kind.</summary>
internal static class SecretValidator
{
    public const string TokenPrefix = "linq_";
    public const string WebhookPrefix = WebhookSecrets.Prefix;

    /// <summary>File extensions after which a `linq_` body names a file (a package, a script, a bundle).</summary>
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "tgz", "gz", "whl", "zip", "gem", "jar", "nupkg", "egg", "js", "mjs", "cjs", "ts", "map", "py", "json", "yaml",
        "yml", "toml", "lock", "md", "txt", "db", "css", "html", "cs", "go", "rb", "ex", "exs", "so", "dll",
    };

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

    /// <summary>`linq_` + a random body of at least 12 characters. A body that starts with `_` is an identifier
    /// (`linq__WEBPACK_IMPORTED_MODULE_0__`); one that reads as words is code (`linq_client._load_transcript`), a
    /// package (`linq_python-1.2.0-py3-none-any.whl`) or a placeholder (`linq_your_token_here`).</summary>
    public static string? ValidatePrefixed(string value)
    {
        string token = value.TrimEnd('.');
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var body = token.AsSpan(TokenPrefix.Length);
        if (body.Length < TokenShape.MinimumLength || body[0] == '_' || Placeholders.IsPlaceholder(body) || !LooksRandom(body.TrimEnd('=')) || IsFilePath(body))
        {
            return null;
        }

        return token;
    }

    /// <summary>`linq_js/-/linq_js-1.0.0.tgz` (a registry URL outside a lockfile), `linq_python-1.2.0-py3-none-any.whl`:
    /// a body that ends in a file extension and has no random segment between its slashes names a file.</summary>
    private static bool IsFilePath(ReadOnlySpan<char> body)
    {
        int dot = body.LastIndexOf('.');
        if (dot <= 0 || !FileExtensions.Contains(body[(dot + 1)..].ToString()))
        {
            return false;
        }

        foreach (var range in body[..dot].Split('/'))
        {
            var segment = body[..dot][range];
            if (TokenShape.LooksRandom(segment) || (segment.Length >= TokenShape.MinimumLength && Placeholders.HasRandomRestAroundWords(segment)))
            {
                return false;
            }
        }

        return true;
    }


    private static string? ValidateCredentialValue(string value, bool quoted, bool followedByCall)
    {
        if (!quoted && followedByCall)
        {
            return null;
        }

        string secret = value.Trim();
        if (secret.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = secret[7..].TrimStart();
        }

        if (secret.Length == 0 || secret.AsSpan().ContainsAny(" \t\r\n") || Placeholders.IsPlaceholder(secret))
        {
            return null;
        }

        if (secret.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return ValidatePrefixed(secret);
        }

        if (secret.StartsWith(WebhookPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return LooksRandom(secret.AsSpan().TrimEnd('=')) ? secret : null;
    }

    /// <summary>Random as a whole, or random around a placeholder word (`test_` + a random run, a random run that
    /// happens to hold "Placeholder").</summary>
    private static bool LooksRandom(ReadOnlySpan<char> value) =>
        TokenShape.LooksRandom(value)
        || (value.Length >= TokenShape.MinimumLength && !TokenShape.IsConstantName(value) && Placeholders.HasRandomRestAroundWords(value));

    private static string? ValidateWebhookSecret(string value) =>
        WebhookSecrets.IsSigningSecret(value) ? value : null;

    private static string? ValidateAny(string value)
    {
        string secret = value.Trim();
        return secret.Length == 0 || Placeholders.IsPlaceholder(secret) ? null : secret;
    }

    public static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
