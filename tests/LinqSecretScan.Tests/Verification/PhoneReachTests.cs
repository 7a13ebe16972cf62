using System.Text;
using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace LinqSecretScan.Tests.Verification;

/// <summary>What a live token reaches, from the one verification request (GET /v3/phone_numbers) against the
/// loopback Linq stand-in: the count always, the numbers only with --show-secrets, never a second request.</summary>
public sealed class PhoneReachTests
{
    private readonly TestSecrets _secrets = new();

    private static string Numbers(params string[] numbers) =>
        "{\"phone_numbers\":[" + string.Join(',', numbers.Select((n, i) =>
            $"{{\"id\":\"{Guid.NewGuid()}\",\"phone_number\":\"{n}\",\"type\":\"APPLE_ID\",\"country_code\":\"US\",\"capabilities\":{{\"sms\":true,\"mms\":true,\"voice\":false}}}}")) + "]}";

    private TempGitRepo RepoWithTokens(out string first, out string second)
    {
        first = _secrets.LinqToken();
        second = _secrets.LinqToken();
        var repo = new TempGitRepo();
        repo.Write("a.py", $"A = '{first}'\n").Write("b.py", $"B = '{second}'\nAGAIN = '{first}'\n").StageAll();
        repo.Commit();
        return repo;
    }

    private static JsonElement Reach(List<JsonElement> findings, string secret) =>
        findings.First(f => f.GetProperty("secret").GetString() == secret).GetProperty("reach");

    [Fact]
    public async Task LiveToken_ReportsHowManyPhoneNumbersItReaches_FromExactlyOneRequestPerToken()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(200, Numbers("+12025550101", "+12025550102", "+12025550103")));
        using var repo = RepoWithTokens(out string first, out string second);

        var (result, findings) = Scanner.Json(repo.Root, "history", "--verify", "--api-base-url", api.BaseUrl, "--show-secrets");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal("live", f.GetProperty("verification").GetString()));
        var reach = Reach(findings, first);
        Assert.Equal(3, reach.GetProperty("phoneNumberCount").GetInt32());
        Assert.True(reach.GetProperty("complete").GetBoolean());
        Assert.Equal(["+12025550101", "+12025550102", "+12025550103"], reach.GetProperty("phoneNumbers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(new[] { "Bearer " + first, "Bearer " + second }.Order(), api.Requests.Select(r => r.Authorization).Order());
        Assert.All(api.Requests, r => Assert.Equal("/api/partner/v3/phone_numbers", r.Path));
    }

    [Fact]
    public async Task WithoutShowSecrets_TheCountIsShown_ButNotTheNumbers()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(200, Numbers("+12025550101", "+12025550102")));
        using var repo = RepoWithTokens(out string first, out _);

        var json = Scanner.Run(repo.Root, "history", "--verify", "--api-base-url", api.BaseUrl, "--format", "json");
        var text = Scanner.Run(repo.Root, "history", "--verify", "--api-base-url", api.BaseUrl);
        var shown = Scanner.Run(repo.Root, "history", "--verify", "--api-base-url", api.BaseUrl, "--show-secrets");
        var sarif = Scanner.Run(repo.Root, "history", "--verify", "--api-base-url", api.BaseUrl, "--format", "sarif");

        using var doc = JsonDocument.Parse(json.StdOut);
        var reach = doc.RootElement.GetProperty("findings")[0].GetProperty("reach");
        Assert.Equal(2, reach.GetProperty("phoneNumberCount").GetInt32());
        Assert.False(reach.TryGetProperty("phoneNumbers", out _));
        foreach (var output in new[] { json.StdOut, text.StdOut, sarif.StdOut })
        {
            Assert.DoesNotContain("+12025550101", output);
        }

        Assert.Contains("It can send from 2 phone numbers", text.StdOut);
        Assert.Contains("+12025550101, +12025550102", shown.StdOut);
        using var sarifDoc = JsonDocument.Parse(sarif.StdOut);
        Assert.Equal(2, sarifDoc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("properties").GetProperty("reach").GetProperty("phoneNumberCount").GetInt32());
        Assert.Equal(8, api.Requests.Count);
    }

    [Theory]
    [InlineData("""{"phone_numbers":[{"id":"a","phone_number":"+12025550101"},{"id":"b","phone_number":"+12025550102"}],"next_cursor":"abc"}""", 2, false)]
    [InlineData("""{"next_cursor":"abc","phone_numbers":[{"id":"a","phone_number":"+12025550101"}]}""", 1, false)]
    [InlineData("""{"phone_numbers":[{"id":"a","phone_number":"+12025550101"}],"next_cursor":""}""", 1, true)]
    [InlineData("""{"phone_numbers":[{"id":"a","phone_number":"+12025550101"}],"next_cursor":null,"has_more":false}""", 1, true)]
    [InlineData("""{"phone_numbers":[{"id":"a","phone_number":"+12025550101"}],"has_more":true}""", 1, false)]
    [InlineData("""{"phone_numbers":[{"id":"a","phone_number":"+12025550101"}],"total":250}""", 250, true)]
    [InlineData("""{"phone_numbers":[]}""", 0, true)]
    [InlineData("""{"phone_numbers":["+12025550101",{"id":"x"},null,42,{"phone_number":"<b>spoof</b>"},{"phone_number":{"nested":true}}]}""", 5, true)]
    public async Task OddOrPagedBodies_GiveAnHonestCount_WithoutASecondRequest(string body, int count, bool complete)
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(200, body));
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("a.py", $"A = '{token}'\n").StageAll();

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl, "--show-secrets");
        var text = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl);

        var finding = Assert.Single(findings);
        Assert.Equal("live", finding.GetProperty("verification").GetString());
        var reach = finding.GetProperty("reach");
        Assert.Equal(count, reach.GetProperty("phoneNumberCount").GetInt32());
        Assert.Equal(complete, reach.GetProperty("complete").GetBoolean());
        Assert.DoesNotContain(reach.GetProperty("phoneNumbers").EnumerateArray(), n => n.GetString()!.Contains('<', StringComparison.Ordinal));
        Assert.Contains(complete ? $"It can send from {count} phone number" : $"It can send from at least {count} phone number", text.StdOut);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task AListLongerThanTheReadLimit_IsCountedAsALowerBound()
    {
        var body = new StringBuilder("{\"phone_numbers\":[");
        for (int i = 0; i < 12_000; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append($"{{\"id\":\"{i}\",\"phone_number\":\"+1202555{i:D4}\",\"capabilities\":{{\"sms\":true,\"mms\":true,\"voice\":false}},\"type\":\"TWILIO\",\"country_code\":\"US\"}}");
        }

        body.Append("]}");
        Assert.True(body.Length > 1024 * 1024);
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(200, body.ToString()));
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"A = '{_secrets.LinqToken()}'\n").StageAll();

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl);

        var reach = Assert.Single(findings).GetProperty("reach");
        Assert.False(reach.GetProperty("complete").GetBoolean());
        Assert.InRange(reach.GetProperty("phoneNumberCount").GetInt32(), 5_000, 11_999);
        Assert.Single(api.Requests);
    }

    [Theory]
    [InlineData(403, 2005)]
    [InlineData(401, 2004)]
    public async Task NotLive_HasNoReach(int status, int code)
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(status, code, "no"));
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"A = '{_secrets.LinqToken()}'\n").StageAll();

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl);

        Assert.False(Assert.Single(findings).TryGetProperty("reach", out _));
    }

    [Fact]
    public async Task NumbersThatEchoTheToken_AreNeverShown()
    {
        string token = _secrets.LinqToken();
        await using var api = await FakeLinqApi.StartAsync(async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"phone_numbers\":[{{\"phone_number\":\"{token}\"}},{{\"phone_number\":\"+12025550101\"}}]}}");
        });
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"A = '{token}'\n").StageAll();

        var result = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl, "--format", "json");
        var shown = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl, "--show-secrets", "--format", "json");

        Assert.DoesNotContain(token, result.StdOut);
        using var doc = JsonDocument.Parse(shown.StdOut);
        var reach = doc.RootElement.GetProperty("findings")[0].GetProperty("reach");
        Assert.Equal(2, reach.GetProperty("phoneNumberCount").GetInt32());
        Assert.Equal(["+12025550101"], reach.GetProperty("phoneNumbers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task PurgeKit_WithVerify_SaysWhichTokensAreLive_AndTheirReach_InThePlan_WithOneRequestPerToken()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(200, Numbers("+12025550101", "+12025550102")));
        using var repo = RepoWithTokens(out string first, out string second);
        using var outside = new TempGitRepo(init: false);
        string kit = Path.Combine(outside.Root, "kit");

        var result = Scanner.Run(repo.Root, "purge-kit", "-o", kit, "--verify", "--api-base-url", api.BaseUrl);

        Assert.True(result.ExitCode == 1, result.ToString());
        string plan = File.ReadAllText(Path.Combine(kit, "PLAN.md"));
        Assert.Contains("| live: 2 phone numbers |", plan);
        Assert.DoesNotContain("+12025550101", plan);
        Assert.DoesNotContain(first, plan + result.StdOut + result.StdErr);
        Assert.Equal(2, api.Requests.Count);
        Assert.Contains(api.Requests, r => r.Authorization == "Bearer " + second);
    }
}
