using System.Text;
using LinqSecretScan.Verification;

namespace LinqSecretScan.Tests.Verification;

/// <summary>Reading GET /v3/phone_numbers answers in process: what is Linq's list, and what its count is.</summary>
public sealed class PhoneNumberListTests
{
    private static LinqSecretScan.Core.PhoneReach? Read(string body, bool truncated = false) =>
        PhoneNumberList.Read(Encoding.UTF8.GetBytes(body), truncated);

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""{"phone_numbers":{}}""")]
    [InlineData("""{"phone_numbers":[]} trailing""")]
    [InlineData("""{"phone_numbers":[}""")]
    [InlineData("<html>phone_numbers</html>")]
    public void NotLinqsList_IsNull(string body) => Assert.Null(Read(body));

    [Fact]
    public void LinqsShape_CountsAndListsTheNumbers()
    {
        var reach = Read("""{"phone_numbers":[{"id":"1","phone_number":"+12025550101","capabilities":{"sms":true}},{"phone_number":"+44 20 7946 0958","id":"2"}]}""");

        Assert.NotNull(reach);
        Assert.Equal(2, reach.Count);
        Assert.True(reach.Complete);
        Assert.Equal(["+12025550101", "+44 20 7946 0958"], reach.Numbers);
        Assert.Equal("2 phone numbers", reach.Describe());
    }

    [Fact]
    public void ACutBody_CountsOnlyWholeEntries_AsALowerBound()
    {
        string whole = """{"phone_numbers":[{"id":"1","phone_number":"+12025550101"},{"id":"2","phone_number":"+12025550102"},{"id":"3","phone_n""";

        var reach = Read(whole, truncated: true);

        Assert.NotNull(reach);
        Assert.Equal(2, reach.Count);
        Assert.False(reach.Complete);
        Assert.Equal("at least 2 phone numbers", reach.Describe());
    }

    [Fact]
    public void ACutBody_BeforeTheList_IsNotALiveAnswer()
    {
        Assert.Null(Read("""{"other":"aaaa""", truncated: true));
    }

    [Fact]
    public void ANextPageHint_BeforeOrAfterTheList_MakesTheCountALowerBound()
    {
        Assert.False(Read("""{"next":{"cursor":"x"},"phone_numbers":[]}""")!.Complete);
        Assert.False(Read("""{"phone_numbers":[],"nextPageToken":"x"}""")!.Complete);
        Assert.True(Read("""{"phone_numbers":[],"next_page_token":""}""")!.Complete);
    }
}
