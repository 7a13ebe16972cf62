using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Detection;

public sealed class TokenShapeTests
{
    private static readonly Detector Detector = new(RuleLoader.BuiltIn);

    public static TheoryData<string> Shapes() => ["alnum16", "alnum24", "alnum32", "alnum48", "alnum64", "alnum128", "hex32", "hex40", "hex64", "b64-24", "b64-32", "b64-48", "uuid", "base32-32"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RandomTokens_OfCommonShapes_AreFound_BothPrefixedAndAsLinqCredentialValues_AllButOneInAThousand(string shape)
    {
        var secrets = new TestSecrets(shape.Length * 1000 + shape[^1]);
        var missed = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            string value = Generate(secrets, shape);
            string prefixed = "linq" + "_" + value;
            if (!Detector.Detect("a.txt", $"token: {prefixed}\n").Any(d => d.Secret == prefixed))
            {
                missed.Add(prefixed);
            }

            if (!Detector.Detect("a.env", $"LINQ_API_KEY={value}\n").Any(d => d.Secret == value))
            {
                missed.Add(value);
            }
        }

        // Randomness cannot be told from words with certainty: a short random value can spell pronounceable
        // chunks. Allow at most 1 in 1,000 (measured: 0 for most shapes, 2 in 4,000 for 16 characters).
        Assert.True(missed.Count <= 4, $"{missed.Count} of 4000 missed, e.g. {string.Join(", ", missed.Take(5))}");
    }

    [Theory]
    [InlineData("to_sql_provider")]
    [InlineData("webhook_secret")]
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
    public void IdentifiersWordsAndPatterns_DoNotLookRandom(string value)
    {
        Assert.False(TokenShape.LooksRandom(value));
    }

    private static string Generate(TestSecrets secrets, string shape) => shape switch
    {
        "uuid" => secrets.Uuid(),
        "base32-32" => new string(secrets.RawAlnum(64).ToUpperInvariant().Where(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7').Take(32).ToArray()),
        _ when shape.StartsWith("alnum", StringComparison.Ordinal) => secrets.RawAlnum(int.Parse(shape[5..])),
        _ when shape.StartsWith("hex", StringComparison.Ordinal) => secrets.RawHex(int.Parse(shape[3..])),
        _ when shape.StartsWith("b64-", StringComparison.Ordinal) => secrets.RawBase64(int.Parse(shape[4..])),
        _ => throw new ArgumentException(shape),
    };
}
