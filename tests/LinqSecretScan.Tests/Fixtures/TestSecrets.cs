using System.Text;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Synthetic secrets made at run time. Nothing realistic is ever written in the test sources, so the
/// project passes its own scanner. A seed makes a test's values repeatable.</summary>
internal sealed class TestSecrets(int seed)
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Random _random = new(seed);

    public TestSecrets()
        : this(Random.Shared.Next())
    {
    }

    public string Alnum(int length) => Pick(Base62, length);

    public string Hex(int length) => Pick("0123456789abcdef", length);

    public string Base64(int bytes)
    {
        var buffer = new byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToBase64String(buffer);
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
