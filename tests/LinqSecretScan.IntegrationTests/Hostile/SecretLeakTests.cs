using LinqSecretScan.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>The scanner itself must not become the leak: without --show-secrets no whole secret appears in any
/// report, message or error, in any mode or format, on the failure paths too (an incomplete scan, a broken config
/// that holds a token, a verification server that echoes the token back), and nothing is left in the temp folder.</summary>
public sealed class SecretLeakTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public async Task NoWholeSecret_InAnyOutputOfAnyModeOrFormat_NorInTheTempFolder()
    {
        await using var echo = await FakeLinqApi.StartAsync(EchoTheTokenBack);
        using var repo = new TempGitRepo();
        using var temp = new TempGitRepo(init: false);
        string inHistory = _secrets.LinqToken(), webhook = _secrets.WebhookSecret(), value = _secrets.Alnum(40);
        string staged = _secrets.LinqToken(), untracked = _secrets.LinqToken(), inConfig = _secrets.LinqToken();
        string[] secrets = [inHistory, webhook, value, staged, untracked, inConfig];
        repo.Write("old.py", $"T = '{inHistory}'\n").Write("hooks.js", $"const LINQ_WEBHOOK_SECRET = '{webhook}';\n").StageAll();
        repo.Commit();
        repo.Delete("old.py").Write("app.env.yaml", $"LINQ_API_KEY: {value}\n").StageAll();
        repo.Commit();
        repo.Write("new.py", $"T = '{staged}'\n").Stage("new.py");
        repo.Write("scratch.txt", $"{untracked}\n");
        var env = new Dictionary<string, string?> { ["TMPDIR"] = temp.Root };

        var outputs = new List<(string What, string Text)>();
        void Run(string what, params string[] arguments)
        {
            var result = Scanner.Run(repo.Root, env, arguments);
            outputs.Add((what, result.StdOut + result.StdErr));
        }

        void RunToFile(string what, params string[] arguments)
        {
            string report = temp.PathOf("report.out");
            var result = Scanner.Run(repo.Root, env, [.. arguments, "-o", report]);
            outputs.Add(($"{what} -o", result.StdOut + result.StdErr + (File.Exists(report) ? File.ReadAllText(report) : string.Empty)));
            File.Delete(report);
        }

        foreach (string format in new[] { "text", "json", "sarif" })
        {
            Run($"staged {format}", "staged", "--format", format);
            Run($"commits {format}", "commits", "HEAD~1..HEAD", "--format", format);
            Run($"history {format}", "history", "--format", format);
            Run($"dir {format}", "dir", "--format", format);
            RunToFile($"history {format}", "history", "--format", format);
        }

        Run("verify text", "history", "--verify", "--api-base-url", echo.BaseUrl);
        RunToFile("verify json", "history", "--format", "json", "--verify", "--api-base-url", echo.BaseUrl);
        RunToFile("baseline", "baseline");
        File.WriteAllText(repo.PathOf(".linqsecretscan.json"), $"{{ \"credentialNames\": [\"{inConfig}\"], ");
        Run("broken config", "history");
        File.Delete(repo.PathOf(".linqsecretscan.json"));
        string blob = repo.Git("rev-parse", ":new.py").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{blob[..2]}/{blob[2..]}"));
        Run("incomplete scan", "staged", "--format", "json");

        Assert.All(outputs, o => Assert.True(secrets.All(s => !o.Text.Contains(s, StringComparison.Ordinal)), $"{o.What} shows a whole secret:\n{o.Text}"));
        Assert.Contains(outputs, o => o.What == "broken config" && o.Text.Contains(".linqsecretscan.json", StringComparison.Ordinal));
        Assert.NotEmpty(echo.Requests);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    /// <summary>A hostile or broken server that puts the token it was sent into its answer.</summary>
    private static Task EchoTheTokenBack(HttpContext context)
    {
        context.Response.StatusCode = 403;
        context.Response.Headers["X-Echo"] = context.Request.Headers.Authorization.ToString();
        return context.Response.WriteAsync($"{{\"success\":false,\"error\":{{\"status\":403,\"code\":2005,\"message\":\"token {context.Request.Headers.Authorization} has no access\"}}}}");
    }
}
