using System.Text;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Synthetic secrets made at run time. Nothing realistic is ever written in the test sources, so the
/// project passes its own scanner. A seed makes a test's values repeatable.</summary>
/// <remarks>Values are uniformly random and never redrawn: a random token that the scanner would drop (because it
/// happens to read like words, or to hold "todo" or "FaKe") is a bug the tests must see, not a value to avoid.
/// <see cref="WithMarker"/> splices such words in on purpose.</remarks>
internal sealed class TestSecrets(int seed)
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Words that mark placeholders, spliced into random values by <see cref="WithMarker"/>.</summary>
    public static readonly string[] MarkerWords =
    [
        "fake", "your", "todo", "xxxx", "example", "changeme", "dummy", "test", "sample", "here", "placeholder",
        "redacted", "fixme", "replace", "insert", "secret", "token", "demo", "mock", "xxx",
    ];

    private readonly Random _random = new(seed);

    public TestSecrets()
        : this(Random.Shared.Next())
    {
    }

    public int Seed { get; } = seed;

    public string Alnum(int length) => Pick(Base62, length);

    public string Hex(int length) => Pick("0123456789abcdef", length);

    /// <summary>Same as <see cref="Alnum"/> (nothing here is redrawn); kept for tests that say they need raw
    /// letters.</summary>
    public string RawAlnum(int length) => Alnum(length);

    public string Base64(int bytes)
    {
        var buffer = new byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToBase64String(buffer);
    }

    public string Base64Url(int bytes) => Base64(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Uuid()
    {
        var buffer = new byte[16];
        _random.NextBytes(buffer);
        return new Guid(buffer).ToString();
    }

    /// <summary>`linq_` + random base62 characters (32 by default).</summary>
    public string LinqToken(int length = 32) => "linq" + "_" + Alnum(length);

    /// <summary>`whsec_` + base64 of random bytes (32 by default, as Linq issues them).</summary>
    public string WebhookSecret(int bytes = 32) => "whsec" + "_" + Base64(bytes);

    /// <summary>The value with a marker word written over it at a random place, in a random case pattern (fake,
    /// FAKE, Fake, FaKe, fAKE...): what a real random token sometimes holds. The length and alphabet stay the same
    /// (a base64 body still decodes to as many bytes); a prefix (`linq_`, `whsec_`) and base64 padding are kept.
    /// The word is at most a quarter of the value (a random token holds a short word by chance, never a long one:
    /// a 20-character body gets fake, your, todo, xxxx, test...; a 43-character one can get placeholder).</summary>
    public string WithMarker(string value)
    {
        int start = value.StartsWith("linq_", StringComparison.Ordinal) ? 5 : value.StartsWith("whsec_", StringComparison.Ordinal) ? 6 : 0;
        int end = value.TrimEnd('=').Length;
        var fitting = MarkerWords.Where(m => m.Length * 4 <= end - start).ToArray();
        if (fitting.Length == 0)
        {
            return value;
        }

        string marker = fitting[_random.Next(fitting.Length)];

        var cased = new StringBuilder(marker.Length);
        int pattern = _random.Next(4);
        for (int i = 0; i < marker.Length; i++)
        {
            bool upper = pattern switch
            {
                0 => false,
                1 => true,
                2 => i == 0,
                _ => _random.Next(2) == 0,
            };
            cased.Append(upper ? char.ToUpperInvariant(marker[i]) : marker[i]);
        }

        int at = start + _random.Next(end - start - marker.Length + 1);
        return string.Concat(value.AsSpan(0, at), cased.ToString(), value.AsSpan(at + marker.Length));
    }

    /// <summary>True about half the time: whether a generated value gets a marker spliced in.</summary>
    public bool CoinFlip() => _random.Next(2) == 0;

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

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
