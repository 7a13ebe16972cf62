using System.Text.Unicode;

namespace LinqSecretScan.Detection;

/// <summary>Standard Webhooks signing secrets: `whsec_` + base64 of a random key of 24 to 64 bytes ("at least 24
/// bytes (192 bits, 512 maximum)", Standard Webhooks specification, symmetric signatures). Linq issues 32 bytes.</summary>
internal static class WebhookSecrets
{
    public const string Prefix = "whsec_";
    public const int MinimumKeyBytes = 24;
    public const int MaximumKeyBytes = 64;

    /// <summary>True when the value is `whsec_` + standard base64 (padding optional) of 24 to 64 bytes that look like a
    /// random key: not text (`whsec_` + base64 of "shh-this-is-a-test-secret" is a made-up value), not one byte
    /// repeated, with as many distinct bytes as a random key has. A random key is all printable characters about once
    /// in 10^11 (24 bytes).</summary>
    public static bool IsSigningSecret(ReadOnlySpan<char> value)
    {
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = value[Prefix.Length..];
        int padding = body.Length % 4 == 0 ? 0 : 4 - (body.Length % 4);
        if (padding == 3 || body.Length > 88)
        {
            return false;
        }

        Span<char> padded = stackalloc char[body.Length + padding];
        body.CopyTo(padded);
        padded[body.Length..].Fill('=');
        Span<byte> key = stackalloc byte[72];
        if (!Convert.TryFromBase64Chars(padded, key, out int written) || written is < MinimumKeyBytes or > MaximumKeyBytes)
        {
            return false;
        }

        return LooksRandom(key[..written]);
    }

    public static bool LooksRandom(ReadOnlySpan<byte> key)
    {
        Span<bool> seen = stackalloc bool[256];
        int distinct = 0, text = 0;
        foreach (byte b in key)
        {
            if (!seen[b])
            {
                seen[b] = true;
                distinct++;
            }

            if (b is (>= 0x20 and < 0x7F) or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                text++;
            }
        }

        return text < key.Length && distinct * 2 >= key.Length;
    }

    /// <summary>Decodes standard or URL-safe base64 (padding optional) to UTF-8 text; null when it is not base64 or
    /// not text. A trailing line break (`echo token | base64`) is dropped.</summary>
    public static string? DecodeBase64Text(ReadOnlySpan<char> encoded)
    {
        if (encoded.Length is < 8 or > 4096)
        {
            return null;
        }

        int padding = encoded.Length % 4 == 0 ? 0 : 4 - (encoded.Length % 4);
        if (padding == 3)
        {
            return null;
        }

        var chars = new char[encoded.Length + padding];
        for (int i = 0; i < encoded.Length; i++)
        {
            chars[i] = encoded[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        chars.AsSpan(encoded.Length).Fill('=');
        var bytes = new byte[chars.Length];
        if (!Convert.TryFromBase64Chars(chars, bytes, out int written) || !Utf8.IsValid(bytes.AsSpan(0, written)))
        {
            return null;
        }

        string decoded = System.Text.Encoding.UTF8.GetString(bytes, 0, written).TrimEnd('\n', '\r');
        foreach (char c in decoded)
        {
            if (char.IsControl(c))
            {
                return null;
            }
        }

        return decoded.Length == 0 ? null : decoded;
    }
}
