using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

/// <summary>The shape check on both sides: random tokens are never taken for words or placeholders (whatever they
/// happen to spell), and identifiers, file names and placeholders are never taken for tokens. docs/detection.md
/// records the rates measured over millions of draws; these tests draw enough to catch a regression.</summary>
public sealed class TokenShapeTests
{
    private static readonly Detector Detector = new(RuleLoader.BuiltIn);

    public static TheoryData<string> LongShapes() =>
    [
        "alnum20", "alnum24", "alnum32", "alnum40", "alnum64", "alnum128", "lower36-24", "lower36-32", "upper36-32",
        "hex20", "hex32", "hex40", "hex64", "HEX32", "b64-18", "b64-24", "b64-32", "b64-48", "b64url-24", "uuid",
        "base32-32",
    ];

    /// <summary>A token of 20 characters or more is random beyond doubt: across 20,000 draws per shape, none is
    /// rejected (measured: none in 2,000,000 per shape either).</summary>
    [Theory]
    [MemberData(nameof(LongShapes))]
    public void RandomTokensOfTwentyCharactersOrMore_AreNeverTakenForWords(string shape)
    {
        var secrets = new TestSecrets(shape.GetHashCode(StringComparison.Ordinal) ^ 12345);
        var rejected = new List<string>();
        for (int i = 0; i < 20_000; i++)
        {
            string value = Generate(secrets, shape);
            if (!TokenShape.LooksRandom(value.TrimEnd('=')))
            {
                rejected.Add(value);
            }
        }

        Assert.True(rejected.Count == 0, $"{rejected.Count} of 20000 rejected, e.g. {string.Join(", ", rejected.Take(5))}");
    }

    /// <summary>Shorter tokens can spell pronounceable chunks; the rate falls fast with length (measured over
    /// 2,000,000 draws: about 1 in 130,000 at 12 base62 characters, 1 in 1,000,000 at 16).</summary>
    [Theory]
    [InlineData(12, 20)]
    [InlineData(16, 5)]
    public void ShortRandomTokens_AreRarelyTakenForWords(int length, int allowedPer100000)
    {
        var secrets = new TestSecrets(length * 7);
        int rejected = 0;
        for (int i = 0; i < 100_000; i++)
        {
            if (!TokenShape.LooksRandom(secrets.Alnum(length)))
            {
                rejected++;
            }
        }

        Assert.True(rejected <= allowedPer100000, $"{rejected} of 100000 rejected");
    }

    /// <summary>Every rule kind finds random values that hold a placeholder word (FaKe, yoUr, TODO, xxxx...) anywhere:
    /// linq_ tokens, values of Linq credential names and webhook secrets.</summary>
    [Fact]
    public void RandomValuesHoldingMarkerWords_AreFoundByEveryRule()
    {
        var secrets = new TestSecrets(2024);
        var missed = new List<string>();
        for (int i = 0; i < 10_000; i++)
        {
            string token = secrets.WithMarker(secrets.LinqToken(20 + secrets.Next(40)));
            if (!Detector.Detect("a.txt", $"token: {token}\n").Any(d => d.Secret == token))
            {
                missed.Add(token);
            }

            string value = secrets.WithMarker(secrets.CoinFlip() ? secrets.Alnum(20 + secrets.Next(40)) : secrets.Base64(24));
            if (!Detector.Detect(".env", $"LINQ_API_KEY={value}\n").Any(d => d.Secret == value))
            {
                missed.Add(value);
            }

            string webhook = secrets.WithMarker(secrets.WebhookSecret(24 + secrets.Next(41)));
            if (!Detector.Detect(".env.staging", $"LINQ_WEBHOOK_SECRET={webhook}\n").Any(d => d.Secret == webhook))
            {
                missed.Add(webhook);
            }
        }

        Assert.True(missed.Count == 0, $"{missed.Count} of 30000 missed, e.g. {string.Join(", ", missed.Take(5))}");
    }

    [Theory]
    [InlineData("to_sql_provider")]
    [InlineData("ConfigurationManager")]
    [InlineData("api_v3_api_key_setting")]
    [InlineData("client_messages_send_message")]
    [InlineData("getLinqApiKeyFromVault")]
    [InlineData("password123")]
    [InlineData("my-super-secret-token")]
    [InlineData("abc123abc123abc123")]
    [InlineData("0123456789abcdefghij")]
    [InlineData("20240101123000")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaabbbbccccdddd")]
    [InlineData("LinqToSqlProvider")]
    [InlineData("query_builder_factory")]
    [InlineData("dynamic_core_extensions")]
    [InlineData("synchronization_service")]
    [InlineData("expression_visitor_v2")]
    [InlineData("IQueryable_Extensions")]
    [InlineData("MAX_RETRY_COUNT_DEFAULT")]
    [InlineData("HttpClientHandlerOptions")]
    [InlineData("message_length_strength")]
    [InlineData("sendSmsMessageHandler")]
    [InlineData("phone_number_lookup_v3")]
    [InlineData("client._load_transcript")]
    [InlineData("PRAVA_PUBLISHABLE_KEY")]
    [InlineData("transcript_processor")]
    [InlineData("python-1.2.0-py3-none-any.whl")]
    [InlineData("python-1.2.0.tar.gz")]
    [InlineData("settings.linq.api_key")]
    [InlineData("IReadOnlyDictionary")]
    [InlineData("OPENAI_API_KEY_FALLBACK")]
    [InlineData("LINQAPP_WEBHOOK_SECRET")]
    [InlineData("LINQAPP_API_TOKEN")]
    [InlineData("PRAVA_PUBLISHABLE_KEY_2")]
    public void IdentifiersWordsAndPatterns_DoNotLookRandom(string value)
    {
        Assert.False(TokenShape.LooksRandom(value), $"advantage {LetterModel.WordAdvantage(value):F1} bits");
    }

    [Theory]
    [InlineData("webhook_secret")]
    [InlineData("_WEBPACK_IMPORTED_MODULE_0__")]
    [InlineData("your_api_key_here")]
    [InlineData("test_key_1234567890")]
    [InlineData("xxxxxxxxxxxxxxxxxxxx")]
    [InlineData("Ab12xxxxxxxxxxxxxxxxxxxx")]
    [InlineData("FAKE_TOKEN_DO_NOT_USE")]
    [InlineData("demo_a1b2c3d4e5f6")]
    [InlineData("secret_scan_pairs")]
    [InlineData("secret_scan_pairs_for")]
    [InlineData("secret_scan_pairs_by_path")]
    [InlineData("secret_scan_pairs_for_repo")]
    [InlineData("token_refresh_interval")]
    [InlineData("webhook_secret_header_name")]
    [InlineData("test_helpers_for_api")]
    [InlineData("fake_client_factory")]
    [InlineData("todo_items_repository")]
    [InlineData("sample_messages_fixture")]
    [InlineData("api_key_rotation_days")]
    [InlineData("client_dist_linq_client_esm_js")]
    public void PrefixedIdentifiersAndPlaceholders_AreNotTokens(string body)
    {
        Assert.Null(SecretValidator.ValidatePrefixed("linq_" + body));
    }

    [Theory]
    [InlineData("YOUR_LINQ_API_KEY")]
    [InlineData("your-linq-api-key-here")]
    [InlineData("<your-token>")]
    [InlineData("${LINQ_API_KEY}")]
    [InlineData("{{ linq_token }}")]
    [InlineData("sk-test-xxxxxxxxxxxxxxxx")]
    [InlineData("changeme-changeme")]
    [InlineData("REPLACE_WITH_YOUR_TOKEN")]
    [InlineData("insert-token-here")]
    [InlineData("***REMOVED***")]
    [InlineData("LINQ-SECRET-REMOVED")]
    [InlineData("op://vault/linq/api-key")]
    [InlineData("process.env.LINQ_API_KEY")]
    [InlineData("dummy_token_for_tests")]
    [InlineData("example-token-1234")]
    [InlineData("<LINQ_API_KEY>")]
    [InlineData("Bearer <token>")]
    [InlineData("<linq api key>")]
    [InlineData("sk-<your key>")]
    [InlineData("<paste the whsec_ value from the dashboard>")]
    public void Placeholders_AreRecognised(string value)
    {
        Assert.True(Placeholders.IsPlaceholder(value));
    }

    /// <summary>A `&gt;`, `&lt;` or `{` inside a random value is a character, not a placeholder: only `&lt;words&gt;`
    /// with nothing random around them is (the old check took any value holding `&gt;` for a placeholder).</summary>
    [Fact]
    public void RandomValuesWithAngleBracketsOrBraces_AreNotPlaceholders()
    {
        var secrets = new TestSecrets();
        const string Symbols = "<>{}";
        for (int i = 0; i < 5_000; i++)
        {
            var chars = secrets.Alnum(24 + secrets.Next(24)).ToCharArray();
            chars[1 + secrets.Next(chars.Length - 2)] = Symbols[secrets.Next(Symbols.Length)];
            string value = new(chars);
            Assert.False(Placeholders.IsPlaceholder(value), $"seed {secrets.Seed}: {value}");
        }

        string around = secrets.Alnum(20) + "<abc>" + secrets.Alnum(20);
        Assert.False(Placeholders.IsPlaceholder(around), around);
    }

    /// <summary>A random token with a marker word at a word start keeps a long random piece beside it.</summary>
    [Fact]
    public void RandomTokensWithAMarkerWordAtAWordStart_AreStillTokens()
    {
        var secrets = new TestSecrets();
        foreach (string word in new[] { "Test", "TODO", "Fake", "YOUR", "Example", "Sample", "xxxx", "Dummy" })
        {
            for (int i = 0; i < 500; i++)
            {
                string body = secrets.Alnum(32);
                int at = secrets.Next(32 - word.Length);
                string token = "linq_" + body[..at] + word + body[(at + word.Length)..];
                Assert.True(SecretValidator.ValidatePrefixed(token) == token, $"seed {secrets.Seed}: {token}");
            }
        }
    }

    [Fact]
    public void ThePurgeKitsReplacementText_IsOneNamedConstant()
    {
        Assert.Equal("LINQ-SECRET-REMOVED", PurgeReplacement.Text);
        Assert.True(Placeholders.IsPlaceholder(PurgeReplacement.Text));
        Assert.True(Placeholders.IsPlaceholder(PurgeReplacement.FilterRepoDefault));
    }

    private static string Generate(TestSecrets secrets, string shape) => shape switch
    {
        "uuid" => secrets.Uuid(),
        "base32-32" => string.Concat(Enumerable.Range(0, 32).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[secrets.Next(32)])),
        "HEX32" => secrets.Hex(32).ToUpperInvariant(),
        _ when shape.StartsWith("lower36-", StringComparison.Ordinal) =>
            string.Concat(Enumerable.Range(0, int.Parse(shape[8..])).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[secrets.Next(36)])),
        _ when shape.StartsWith("upper36-", StringComparison.Ordinal) =>
            string.Concat(Enumerable.Range(0, int.Parse(shape[8..])).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[secrets.Next(36)])),
        _ when shape.StartsWith("alnum", StringComparison.Ordinal) => secrets.Alnum(int.Parse(shape[5..])),
        _ when shape.StartsWith("hex", StringComparison.Ordinal) => secrets.Hex(int.Parse(shape[3..])),
        _ when shape.StartsWith("b64url-", StringComparison.Ordinal) => secrets.Base64Url(int.Parse(shape[7..])),
        _ when shape.StartsWith("b64-", StringComparison.Ordinal) => secrets.Base64(int.Parse(shape[4..])),
        _ => throw new ArgumentException(shape),
    };
}
