using System.Net.Sockets;
using System.Text.Json;
using LinqSecretScan.Core;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Verification;

/// <summary>`--verify` end to end: the real CLI against a real HTTP server on loopback that plays the Linq API.
/// Nothing here reaches the internet or needs a real token.</summary>
public sealed class LiveVerificationTests
{
    private readonly TestSecrets _secrets = new();

    private static (ProcessResult Result, List<JsonElement> Findings) ScanJson(TempGitRepo repo, FakeLinqApi api, params string[] extra) =>
        Scanner.Json(repo.Root, ["staged", "--verify", "--api-base-url", api.BaseUrl, .. extra]);

    private static JsonElement SingleFinding(List<JsonElement> findings) => Assert.Single(findings);

    private static string State(JsonElement finding) => finding.GetProperty("verification").GetString()!;

    private static string? Reason(JsonElement finding) =>
        finding.TryGetProperty("verificationReason", out var reason) ? reason.GetString() : null;

    private TempGitRepo RepoWithToken(out string token)
    {
        token = _secrets.LinqToken();
        var repo = new TempGitRepo();
        repo.Write("src/app.py", $"import linq\n\nclient = linq.Client(token=\"{token}\")\n").Stage("src/app.py");
        return repo;
    }

    [Fact]
    public async Task Verify_Answer200_IsLive_AndTheOneRequestCarriesBearerTokenPathAndUserAgent()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = RepoWithToken(out string token);

        var (result, findings) = ScanJson(repo, api);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("live", State(SingleFinding(findings)));
        var request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/partner/v3/phone_numbers", request.Path);
        Assert.Equal("Bearer " + token, request.Authorization);
        Assert.Equal($"linq-secret-scan/{ToolInfo.Version}", request.UserAgent);
    }

    [Fact]
    public async Task Verify_TextReport_MarksALiveTokenLoudly()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = RepoWithToken(out _);

        var result = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("verification: live", result.StdOut);
        Assert.Contains("LIVE TOKEN", result.StdOut);
    }

    [Fact]
    public async Task Verify_Answer401WithLinqCode2004_IsInvalid()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(401, 2004, "Unauthorized - missing or invalid authentication token"));
        using var repo = RepoWithToken(out _);

        var (result, findings) = ScanJson(repo, api);

        var finding = SingleFinding(findings);
        Assert.Equal("invalid", State(finding));
        Assert.Equal("HTTP 401, Linq error 2004: Unauthorized - missing or invalid authentication token", Reason(finding));
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData(2005)]
    [InlineData(2006)]
    public async Task Verify_Answer403WithLinqCode2005Or2006_IsLiveRestricted(int code)
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(403, code, "Access denied - insufficient permissions for this resource"));
        using var repo = RepoWithToken(out _);

        var (result, findings) = ScanJson(repo, api);
        var text = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl);

        Assert.Equal("live-restricted", State(SingleFinding(findings)));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("LIVE TOKEN (restricted)", text.StdOut);
    }

    [Fact]
    public async Task Verify_Answer403FromAWafInHtml_IsUnknown_NeverLive()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(
            403, "<html><head><title>403 Forbidden</title></head><body><h1>Request blocked</h1></body></html>", "text/html"));
        using var repo = RepoWithToken(out _);

        var (result, findings) = ScanJson(repo, api);

        var finding = SingleFinding(findings);
        Assert.Equal("unknown", State(finding));
        Assert.Contains("HTTP 403 with a body that is not Linq's JSON", Reason(finding));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_Answer200InHtml_IsUnknown_NeverLive()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(200, "<html><body>Sign in to the Wi-Fi</body></html>", "text/html"));
        using var repo = RepoWithToken(out _);

        var (_, findings) = ScanJson(repo, api);

        Assert.Equal("unknown", State(SingleFinding(findings)));
    }

    [Fact]
    public async Task Verify_Answer429_IsUnknown_WithItsRetryAfter_AndIsNotRetried()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(429, 1007, "Too many requests", ("Retry-After", "30")));
        using var repo = RepoWithToken(out _);

        var (result, findings) = ScanJson(repo, api);

        var finding = SingleFinding(findings);
        Assert.Equal("unknown", State(finding));
        Assert.Equal("rate limited (HTTP 429, Linq error 1007: Too many requests; Retry-After 30); not retried", Reason(finding));
        Assert.Single(api.Requests);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_Answer500_IsUnknown_AsAServerError()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(500, 3006, "Internal server error"));
        using var repo = RepoWithToken(out _);

        var (result, findings) = ScanJson(repo, api);

        var finding = SingleFinding(findings);
        Assert.Equal("unknown", State(finding));
        Assert.StartsWith("server error (HTTP 500", Reason(finding));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_Redirect_IsUnknown_AndTheRedirectTargetGetsNoRequest()
    {
        await using var target = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.Answer(
            302, string.Empty, "text/plain", ("Location", target.BaseUrl + "/v3/phone_numbers")));
        using var repo = RepoWithToken(out _);

        var (result, findings) = ScanJson(repo, api);

        var finding = SingleFinding(findings);
        Assert.Equal("unknown", State(finding));
        Assert.Equal($"redirect (HTTP 302 to 127.0.0.1:{target.Port}) not followed", Reason(finding));
        Assert.Single(api.Requests);
        Assert.Empty(target.Requests);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_ServerThatNeverAnswers_EndsWhenTheBudgetIsSpent_AsUnknown()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.NeverAnswer());
        using var repo = RepoWithToken(out _);

        // The per-request timeout is longer than the budget: only the budget can end this scan.
        var (result, findings) = ScanJson(repo, api, "--verify-timeout", "600", "--verify-budget", "1");

        var finding = SingleFinding(findings);
        Assert.Equal("unknown", State(finding));
        Assert.Equal("verification budget exhausted", Reason(finding));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_ServerThatNeverAnswers_TimesOutPerRequest_AsUnknown()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.NeverAnswer());
        using var repo = RepoWithToken(out _);

        var (_, findings) = ScanJson(repo, api, "--verify-timeout", "0.5", "--verify-budget", "600");

        Assert.Equal("no complete answer within 0.5 s", Reason(SingleFinding(findings)));
    }

    [Fact]
    public async Task Verify_UnreachableServer_IsUnknown_WithTheNetworkError()
    {
        int closedPort;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var repo = RepoWithToken(out _);

        var (result, findings) = Scanner.Json(repo.Root, "staged", "--verify", "--api-base-url", $"http://127.0.0.1:{closedPort}/api/partner");

        var finding = SingleFinding(findings);
        Assert.Equal("unknown", State(finding));
        Assert.StartsWith("network error: ", Reason(finding));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_TokenFoundTwice_IsCheckedWithOneRequest()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("a.py", $"TOKEN = \"{token}\"\n")
            .Write("config/b.txt", $"first {token}\nsecond {token}\n")
            .StageAll();

        var (result, findings) = ScanJson(repo, api);

        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal("live", State(f)));
        Assert.Single(api.Requests);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_ManyTokens_AreEachCheckedOnce_AtMostFourAtATime()
    {
        await using var api = await FakeLinqApi.StartAsync(async context =>
        {
            await Task.Delay(300);
            await FakeLinqApi.PhoneNumbers()(context);
        });
        using var repo = new TempGitRepo();
        var tokens = Enumerable.Range(0, 7).Select(_ => _secrets.LinqToken()).ToList();
        repo.Write("tokens.txt", string.Join("\n", tokens) + "\n").Stage("tokens.txt");

        var (_, findings) = ScanJson(repo, api);

        Assert.All(findings, f => Assert.Equal("live", State(f)));
        Assert.Equal(tokens.Select(t => "Bearer " + t).Order(), api.Requests.Select(r => r.Authorization).Order());
        Assert.InRange(api.MaxInFlight, 1, 4);
    }

    [Fact]
    public async Task Verify_TheToken_NeverAppearsInStdoutOrStderr_EvenWhenTheServerEchoesIt()
    {
        string token = _secrets.LinqToken();
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(401, 2004, $"token {token} is not valid"));
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"TOKEN = \"{token}\"\n").Stage("a.py");

        var text = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl);
        var json = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl, "--format", "json");
        var shown = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl, "--format", "json", "--show-secrets");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("verification: invalid", text.StdOut);
        Assert.DoesNotContain(token, text.StdOut + text.StdErr);
        Assert.Contains("<the token>", json.StdOut);
        Assert.DoesNotContain(token, json.StdOut + json.StdErr);
        Assert.Contains(token, shown.StdOut);
    }

    [Fact]
    public async Task Verify_WebhookSecretsAndEnvFiles_AreNotVerifiable_AndSendNothing()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = new TempGitRepo();
        repo.Write("settings.py", $"LINQ_WEBHOOK_SECRET = \"{_secrets.WebhookSecret()}\"\n")
            .Write(".env", "DEBUG=1\n")
            .StageAll();

        var (result, findings) = ScanJson(repo, api);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("not-verifiable", State(f)));
        Assert.Empty(api.Requests);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Verify_ATokenInTheIgnoreFile_IsNeverSent()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = RepoWithToken(out _);
        string fingerprint = SingleFinding(Scanner.Json(repo.Root, "staged").Findings).GetProperty("fingerprint").GetString()!;
        repo.Write(".linqsecretscanignore", fingerprint + "\n");

        var (result, findings) = ScanJson(repo, api);

        Assert.Empty(findings);
        Assert.Empty(api.Requests);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Verify_LocalhostByName_IsAccepted_AndReachesTheLoopbackServer()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = RepoWithToken(out _);

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--verify", "--api-base-url", $"http://localhost:{api.Port}/api/partner/");

        Assert.Equal("live", State(SingleFinding(findings)));
        Assert.Equal("/api/partner/v3/phone_numbers", Assert.Single(api.Requests).Path);
    }

    [Fact]
    public async Task Verify_HttpBaseUrlThatIsNotLoopback_IsRefusedWithExitTwo_BeforeAnyRequest()
    {
        // 0.0.0.0 is not a loopback address, yet on Linux a connection to it reaches this machine: had the
        // scanner sent anything, this server would have seen it. The other two would need a network to reach,
        // and the refusal comes before the scan: no report is written at all.
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = RepoWithToken(out _);
        using var empty = new TempGitRepo();

        foreach (string url in (string[])[$"http://0.0.0.0:{api.Port}/api/partner", "http://10.0.0.1/api/partner", "http://example.com/api/partner"])
        {
            foreach (var where in (TempGitRepo[])[repo, empty])
            {
                var result = Scanner.Run(where.Root, "staged", "--verify", "--api-base-url", url);

                Assert.Equal(2, result.ExitCode);
                Assert.Empty(result.StdOut);
                string line = Assert.Single(result.StdErr.Trim().Split('\n'));
                Assert.Contains("loopback", line);
            }
        }

        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task FailOnLive_EveryTokenInvalid_ExitsZero_AndStillReportsThem()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(401, 2004, "Unauthorized - missing or invalid authentication token"));
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"A = \"{_secrets.LinqToken()}\"\nB = \"{_secrets.LinqToken()}\"\n").Stage("a.py");

        var (result, findings) = ScanJson(repo, api, "--fail-on", "live");
        var text = Scanner.Run(repo.Root, "staged", "--verify", "--api-base-url", api.BaseUrl, "--fail-on", "live");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("invalid", State(f)));
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("2 Linq secrets found", text.StdOut);
        Assert.Contains("none fails the scan", text.StdErr);
    }

    [Fact]
    public async Task FailOnLive_UnknownTokensAndNonTokenFindings_StillFail()
    {
        await using var invalid = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(401, 2004, "Unauthorized"));
        await using var failing = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(503, 3006, "Unavailable"));
        using var tokenOnly = RepoWithToken(out _);
        using var withEnvFile = RepoWithToken(out _);
        withEnvFile.Write(".env", "DEBUG=1\n").Stage(".env");

        var unknown = Scanner.Run(tokenOnly.Root, "staged", "--verify", "--api-base-url", failing.BaseUrl, "--fail-on", "live");
        var envFile = Scanner.Run(withEnvFile.Root, "staged", "--verify", "--api-base-url", invalid.BaseUrl, "--fail-on", "live");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal(1, envFile.ExitCode);
    }

    [Fact]
    public async Task FailOnAny_TheDefault_FailsOnAnInvalidToken()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.LinqError(401, 2004, "Unauthorized"));
        using var repo = RepoWithToken(out _);

        var (result, _) = ScanJson(repo, api);

        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("--fail-on", "live")]
    [InlineData("--fail-on", "sometimes", "--verify")]
    [InlineData("--verify", "--verify-timeout", "0")]
    [InlineData("--verify", "--verify-timeout", "-1")]
    [InlineData("--verify", "--verify-timeout", "soon")]
    [InlineData("--verify", "--verify-budget", "0")]
    [InlineData("--verify", "--verify-budget", "1e9")]
    [InlineData("--verify", "--api-base-url", "ftp://127.0.0.1/")]
    [InlineData("--api-base-url", "http://192.168.1.1/")]
    public void BadVerificationOptions_ExitTwo_WithOneLine(params string[] options)
    {
        using var repo = RepoWithToken(out _);

        var result = Scanner.Run(repo.Root, ["staged", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StdOut);
        Assert.StartsWith("linq-secret-scan: ", Assert.Single(result.StdErr.Trim().Split('\n')));
    }

    [Fact]
    public async Task Hook_WithVerifyInItsArguments_ChecksTheToken_AndBlocksTheCommit()
    {
        await using var api = await FakeLinqApi.StartAsync(FakeLinqApi.PhoneNumbers());
        using var repo = RepoWithToken(out string token);
        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);

        var commit = repo.Git(
            new Dictionary<string, string?> { ["LINQ_SECRET_SCAN_HOOK_ARGS"] = $"--verify --api-base-url {api.BaseUrl}" },
            "commit", "-m", "leak");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("LIVE TOKEN", commit.StdOut + commit.StdErr);
        Assert.Equal("Bearer " + token, Assert.Single(api.Requests).Authorization);
    }
}
