using LinqSecretScan.Verification;

namespace LinqSecretScan.Tests.Verification;

/// <summary>A token travels over https, or in clear only to this machine.</summary>
public sealed class ApiBaseUrlTests
{
    [Theory]
    [InlineData("https://api.linqapp.com/api/partner")]
    [InlineData("https://linq.internal.example:8443/")]
    [InlineData("http://127.0.0.1:8080/api/partner")]
    [InlineData("http://127.42.0.9/")]
    [InlineData("http://[::1]:8080/api/partner")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://localhost:5000/api/partner")]
    [InlineData("http://LOCALHOST/")]
    public void HttpsAnywhere_AndHttpToLoopback_AreAccepted(string text)
    {
        Assert.True(ApiBaseUrl.TryParse(text, out var url, out string? reason), reason);
        Assert.NotNull(url);
    }

    [Theory]
    [InlineData("http://example.com/api/partner")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.1.20:8080/")]
    [InlineData("http://0.0.0.0:8080/")]
    [InlineData("http://[::]:8080/")]
    [InlineData("http://localhost.example.com/")]
    [InlineData("http://127.0.0.1.nip.io/")]
    public void HttpToAnythingButLoopback_IsRefused(string text)
    {
        Assert.False(ApiBaseUrl.TryParse(text, out _, out string? reason));
        Assert.Contains("loopback", reason);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("file:///tmp/api")]
    [InlineData("api.linqapp.com/api/partner")]
    [InlineData("https://user:password@api.linqapp.com/")]
    [InlineData("https://api.linqapp.com/api/partner?x=1")]
    [InlineData("https://api.linqapp.com/api/partner#x")]
    public void OtherSchemes_RelativeUrls_AndUrlsWithCredentialsOrQueries_AreRefused(string text)
    {
        Assert.False(ApiBaseUrl.TryParse(text, out _, out string? reason));
        Assert.StartsWith("--api-base-url ", reason);
    }

    [Theory]
    [InlineData("https://api.linqapp.com/api/partner", "https://api.linqapp.com/api/partner/v3/phone_numbers")]
    [InlineData("https://api.linqapp.com/api/partner/", "https://api.linqapp.com/api/partner/v3/phone_numbers")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/v3/phone_numbers")]
    public void TheEndpoint_IsV3PhoneNumbers_UnderTheBasePath(string baseUrl, string endpoint)
    {
        Assert.Equal(endpoint, ApiBaseUrl.Endpoint(new Uri(baseUrl)).AbsoluteUri);
    }

    [Fact]
    public void TheDefault_IsLinqsPartnerApi()
    {
        Assert.Equal("https://api.linqapp.com/api/partner/v3/phone_numbers", ApiBaseUrl.Endpoint(ApiBaseUrl.Default).AbsoluteUri);
    }
}
