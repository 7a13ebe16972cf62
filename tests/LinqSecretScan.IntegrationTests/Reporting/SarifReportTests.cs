using System.Text.Json;
using Json.Schema;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Reporting;

/// <summary>SARIF 2.1.0 that GitHub code scanning accepts: checked against the SARIF JSON schema and Microsoft's
/// SARIF validator with GitHub's ingestion rules, on a history scan with awkward file names.</summary>
public sealed class SarifReportTests
{
    private readonly TestSecrets _secrets = new();

    private (string Sarif, TempGitRepo Repo, string Token) ScanAwkwardRepository()
    {
        var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("src/app.py", $"x = 1\nTOKEN = '{token}'\n")
            .Write("dir with space/ünïcode #1.yml", $"LINQ_API_KEY: {_secrets.Alnum(32)}\n")
            .Write(".env", "A=1\n");
        repo.GitOk("add", "-f", ".");
        repo.Commit();
        var result = Scanner.Run(repo.Root, "history", "--format", "sarif");
        Assert.True(result.ExitCode == 1, result.ToString());
        return (result.StdOut, repo, token);
    }

    [SkippableFact]
    public void Sarif_IsValidAgainstTheSarif210JsonSchema()
    {
        string tools = SarifTools.Directory;
        var (sarif, repo, _) = ScanAwkwardRepository();
        using var _ = repo;
        var schema = JsonSchema.FromText(File.ReadAllText(SarifTools.SchemaPath(tools)));

        using var document = JsonDocument.Parse(sarif);
        var evaluation = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (evaluation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(evaluation.IsValid, string.Join("\n", errors));
    }

    [SkippableFact]
    public void Sarif_PassesMicrosoftsValidator_WithGitHubIngestionRules()
    {
        string tools = SarifTools.Directory;
        var (sarif, repo, _) = ScanAwkwardRepository();
        using var _ = repo;
        string input = Path.Combine(repo.Root, "..", Path.GetFileName(repo.Root) + ".sarif");
        string output = input + ".validation.sarif";
        File.WriteAllText(input, sarif);
        try
        {
            var run = ProcessRunner.Run(
                SarifTools.MultitoolPath(tools),
                ["validate", input, "-o", output, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning"],
                tools);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            var complaints = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Where(r => r.TryGetProperty("level", out var level) && level.GetString() is "error" or "warning")
                .Select(r => r.GetProperty("ruleId").GetString() + " " + r.GetProperty("message").ToString())
                .ToList();
            Assert.True(complaints.Count == 0, string.Join("\n", complaints));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [Fact]
    public void Sarif_Results_CarryRuleIdRegionEncodedUriRedactedSecretAndFingerprint()
    {
        var (sarif, repo, token) = ScanAwkwardRepository();
        using var _ = repo;
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var ruleIds = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();

        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        Assert.Contains("linq-api-token", ruleIds);
        Assert.Contains("linq-env-file", ruleIds);
        Assert.Equal(3, results.Count);
        var app = Assert.Single(results, r => Uri(r) == "src/app.py");
        var region = app.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(2, region.GetProperty("startLine").GetInt32());
        Assert.Equal(10, region.GetProperty("startColumn").GetInt32());
        Assert.Equal("linq-api-token", app.GetProperty("ruleId").GetString());
        Assert.Matches("^[0-9a-f]{32}$", app.GetProperty("partialFingerprints").GetProperty("linqSecretScan/v1").GetString());
        Assert.Contains(results, r => Uri(r) == "dir%20with%20space/%C3%BCn%C3%AFcode%20%231.yml");
        Assert.DoesNotContain(token, sarif);
        Assert.Contains(token[..9] + "\u2026", sarif);
    }

    private static string? Uri(JsonElement result) =>
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
}
