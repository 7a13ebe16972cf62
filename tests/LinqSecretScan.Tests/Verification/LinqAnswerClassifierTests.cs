using System.Text;
using LinqSecretScan.Core;
using LinqSecretScan.Verification;

namespace LinqSecretScan.Tests.Verification;

/// <summary>The answer table, case by case. Only Linq's own answers make a token live, restricted or invalid;
/// everything else is unknown.</summary>
public sealed class LinqAnswerClassifierTests
{
    private const string PhoneNumbers = """{"phone_numbers":[{"id":"550e8400-e29b-41d4-a716-446655440000","phone_number":"+12025551234"}]}""";

    private static string LinqError(int status, int? code, string message = "from the test") =>
        code is int c
            ? $$$"""{"success":false,"error":{"status":{{{status}}},"code":{{{c}}},"message":"{{{message}}}"},"trace_id":"t-1"}"""
            : $$$"""{"success":false,"error":{"status":{{{status}}},"message":"{{{message}}}"}}""";

    private static VerificationResult Classify(int status, string body, string? retryAfter = null, string? redirectHost = null) =>
        LinqAnswerClassifier.Classify(new HttpAnswer(status, retryAfter, redirectHost, Encoding.UTF8.GetBytes(body), false));

    [Fact]
    public void Answer200_WithLinqsPhoneNumberList_IsLive()
    {
        var result = Classify(200, PhoneNumbers);

        Assert.Equal(VerificationState.Live, result.State);
    }

    [Fact]
    public void Answer200_WithAnEmptyPhoneNumberList_IsLive()
    {
        Assert.Equal(VerificationState.Live, Classify(200, """{ "phone_numbers": [] }""").State);
    }

    [Fact]
    public void Answer200_WithAListCutAtTheReadLimit_IsLive()
    {
        var body = new StringBuilder("""{"phone_numbers":[""");
        while (body.Length < HttpAnswer.MaxBodyBytes)
        {
            body.Append("""{"id":"x","phone_number":"+12025551234"},""");
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString())[..HttpAnswer.MaxBodyBytes];

        var result = LinqAnswerClassifier.Classify(new HttpAnswer(200, null, null, bytes, BodyTruncated: true));

        Assert.Equal(VerificationState.Live, result.State);
    }

    [Theory]
    [InlineData("<html><body>Welcome to the hotel Wi-Fi</body></html>")]
    [InlineData("")]
    [InlineData("""{"ok":true}""")]
    [InlineData("""{"phone_numbers":"none"}""")]
    [InlineData("""[{"phone_numbers":[]}]""")]
    [InlineData("""{"phone_numbers":[]} trailing""")]
    [InlineData("""{"phone_numbers":[""")]
    [InlineData("""{"success":false,"error":{"status":401,"code":2004,"message":"x"}}""")]
    public void Answer200_WithABodyThatIsNotLinqsList_IsUnknown_NeverLive(string body)
    {
        var result = Classify(200, body);

        Assert.Equal(VerificationState.Unknown, result.State);
        Assert.Contains("HTTP 200", result.Reason);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(401)]
    [InlineData(403)]
    public void AnswersThatAreNotEvenText_OrNestedTooDeep_AreUnknown(int status)
    {
        byte[][] bodies =
        [
            [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'[', (byte)']', (byte)'}'],
            [.. Encoding.UTF8.GetBytes("""{"success":false,"error":{"status":401,"code":2004,"message":" """), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}}")],
            Encoding.UTF8.GetBytes("""{"phone_numbers":""" + new string('[', 5000) + new string(']', 5000) + "}"),
        ];

        foreach (var body in bodies)
        {
            var result = LinqAnswerClassifier.Classify(new HttpAnswer(status, null, null, body, false));

            Assert.Equal(VerificationState.Unknown, result.State);
        }
    }

    [Fact]
    public void Answer401_WithLinqCode2004_IsInvalid_WithLinqsMessage()
    {
        var result = Classify(401, LinqError(401, 2004, "Unauthorized - missing or invalid authentication token"));

        Assert.Equal(VerificationState.Invalid, result.State);
        Assert.Equal("HTTP 401, Linq error 2004: Unauthorized - missing or invalid authentication token", result.Reason);
    }

    [Theory]
    [InlineData(2003)]
    [InlineData(2005)]
    [InlineData(null)]
    public void Answer401_WithALinqBodyButNotCode2004_IsUnknown(int? code)
    {
        var result = Classify(401, LinqError(401, code));

        Assert.Equal(VerificationState.Unknown, result.State);
        Assert.Contains("HTTP 401", result.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Unauthorized")]
    [InlineData("""{"message":"Unauthorized"}""")]
    [InlineData("""{"success":true,"error":{"status":401,"code":2004}}""")]
    public void Answer401_WithoutLinqsErrorBody_IsUnknown(string body)
    {
        var result = Classify(401, body);

        Assert.Equal(VerificationState.Unknown, result.State);
        Assert.Contains("not Linq's JSON", result.Reason);
    }

    [Theory]
    [InlineData(2005)]
    [InlineData(2006)]
    public void Answer403_WithLinqCode2005Or2006_IsLiveRestricted(int code)
    {
        var result = Classify(403, LinqError(403, code, "Access denied - insufficient permissions for this resource"));

        Assert.Equal(VerificationState.LiveRestricted, result.State);
        Assert.Contains($"Linq error {code}", result.Reason);
    }

    [Theory]
    [InlineData("<html><head><title>403 Forbidden</title></head><body>Request blocked by the firewall</body></html>")]
    [InlineData("""{"success":false,"error":{"status":403,"code":2004,"message":"x"}}""")]
    [InlineData("""{"success":false,"error":{"status":403,"message":"x"}}""")]
    public void Answer403_ThatIsNotLinqSaying2005Or2006_IsUnknown_NeverLive(string body)
    {
        Assert.Equal(VerificationState.Unknown, Classify(403, body).State);
    }

    [Fact]
    public void Answer429_IsUnknown_WithItsRetryAfter()
    {
        var result = Classify(429, LinqError(429, 1007, "Too many requests"), retryAfter: "30");

        Assert.Equal(VerificationState.Unknown, result.State);
        Assert.Equal("rate limited (HTTP 429, Linq error 1007: Too many requests; Retry-After 30); not retried", result.Reason);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public void Answer5xx_IsUnknown_AsAServerError(int status)
    {
        Assert.StartsWith("server error (HTTP", Classify(status, "<html>Bad gateway</html>").Reason);
        Assert.StartsWith("server error (HTTP", Classify(status, LinqError(status, 3006, "Internal server error")).Reason);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public void AnswerRedirect_IsUnknown_NamingOnlyTheTargetHost(int status)
    {
        var result = Classify(status, string.Empty, redirectHost: "login.example.test");

        Assert.Equal(VerificationState.Unknown, result.State);
        Assert.Equal($"redirect (HTTP {status} to login.example.test) not followed", result.Reason);
    }

    [Fact]
    public void ALinqBodyThatContradictsTheStatus_IsUnknown()
    {
        var result = Classify(403, LinqError(401, 2004));

        Assert.Equal(VerificationState.Unknown, result.State);
        Assert.Contains("disagree", result.Reason);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(204)]
    [InlineData(400)]
    [InlineData(404)]
    public void AnyOtherAnswer_IsUnknown(int status)
    {
        Assert.Equal(VerificationState.Unknown, Classify(status, LinqError(status, 1002)).State);
        Assert.Equal(VerificationState.Unknown, Classify(status, PhoneNumbers).State);
    }
}
