using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Verification;

/// <summary>Verification in the published NativeAOT binary: HttpClient, the loopback-only connect and JSON
/// classification without reflection, answering exactly as the JIT build does.</summary>
[UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
public sealed class NativeAotVerificationTests
{
    private readonly TestSecrets _secrets = new();

    [SkippableFact]
    public async Task Aot_Verify_LiveAndInvalidTokens_GiveTheSameReportAsTheJitBuild()
    {
        var (aot, skip) = NativeAotBuild.Get();
        Skip.If(aot is null, skip);
        string live = _secrets.LinqToken();
        string revoked = _secrets.LinqToken();
        await using var api = await FakeLinqApi.StartAsync(context =>
            context.Request.Headers.Authorization == "Bearer " + live
                ? FakeLinqApi.PhoneNumbers()(context)
                : FakeLinqApi.LinqError(401, 2004, "Unauthorized - missing or invalid authentication token")(context));
        using var repo = new TempGitRepo();
        repo.Write("a.py", $"LIVE = \"{live}\"\nREVOKED = \"{revoked}\"\n").Stage("a.py");
        string[] arguments = ["staged", "--verify", "--api-base-url", api.BaseUrl, "--verify-timeout", "10", "--format", "json"];

        var jit = Scanner.Run(repo.Root, arguments);
        var native = ProcessRunner.Run(aot!, arguments, repo.Root);

        Assert.Equal(1, native.ExitCode);
        Assert.Equal(jit.StdOut, native.StdOut);
        Assert.Equal(["live", "invalid"], Scanner.ParseFindings(native).Select(f => f.GetProperty("verification").GetString()));
        Assert.Equal(4, api.Requests.Count);
    }
}
