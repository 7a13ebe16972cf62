using System.Text;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Synthetic secrets made at run time. Nothing realistic is ever written in the test sources, so the
/// project passes its own scanner. A seed makes a test's values repeatable.</summary>
/// <remarks>Randomness cannot be told from words with certainty: the shape check passes over about one random
/// value in ten thousand that happens to read like words (TokenShapeTests measures that). Values of 12 characters
/// or more are drawn again until the check accepts them, and so are values that happen to hold a placeholder marker
/// ("todo", "fake", "your", "xxxx"...: about 1 random 32-character value in 8,000), so a test about something else
/// never flakes on it.</remarks>
internal sealed class TestSecrets(int seed)
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Random _random = new(seed);

    public TestSecrets()
        : this(Random.Shared.Next())
    {
    }

    public string Alnum(int length) => Shaped(() => RawAlnum(length));

    public string Hex(int length) => Shaped(() => RawHex(length));

    public string Base64(int bytes) => Shaped(() => RawBase64(bytes));

    /// <summary>Uniformly random, not redrawn: for measuring the shape check itself.</summary>
    public string RawAlnum(int length) => Pick(Base62, length);

    public string RawHex(int length) => Pick("0123456789abcdef", length);

    public string RawBase64(int bytes)
    {
        var buffer = new byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToBase64String(buffer);
    }

    private static string Shaped(Func<string> draw)
    {
        string value = draw();
        for (int attempt = 0; attempt < 100 && value.Length >= 12
            && (!LinqSecretScan.Detection.TokenShape.LooksRandom(value.TrimEnd('=')) || LinqSecretScan.Detection.Placeholders.IsPlaceholder(value)); attempt++)
        {
            value = draw();
        }

        return value;
    }

    public string Uuid()
    {
        var buffer = new byte[16];
        _random.NextBytes(buffer);
        return new Guid(buffer).ToString();
    }

    /// <summary>`linq_` + 32 random base62 characters.</summary>
    public string LinqToken(int length = 32) => "linq" + "_" + Alnum(length);

    /// <summary>`whsec_` + base64 of 32 random bytes.</summary>
    public string WebhookSecret() => "whsec" + "_" + Base64(32);

    private string Pick(string alphabet, int length)
    {
        var builder = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            builder.Append(alphabet[_random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}
