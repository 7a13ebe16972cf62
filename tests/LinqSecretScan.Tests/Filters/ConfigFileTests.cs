using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Filters;

/// <summary>`.linqsecretscan.json`: excludes, extra names, template suffixes, size limit, custom rules, and strict
/// errors.</summary>
public sealed class ConfigFileTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void Exclude_Globs_LeaveThosePathsOut_AndAreCounted()
    {
        using var repo = new TempGitRepo();
        repo.Write(".linqsecretscan.json", "{ \"exclude\": [\"testdata/**\", \"**/*.snap\"] }")
            .Write("testdata/fixtures/a.txt", _secrets.LinqToken() + "\n")
            .Write("ui/__snapshots__/view.snap", _secrets.LinqToken() + "\n")
            .Write("src/real.txt", _secrets.LinqToken() + "\n")
            .StageAll();

        var result = Scanner.Run(repo.Root, "staged", "--format", "json");

        Assert.Equal("src/real.txt", Assert.Single(Scanner.ParseFindings(result)).GetProperty("path").GetString());
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(2, doc.RootElement.GetProperty("scan").GetProperty("filesExcluded").GetInt32());
    }

    [Fact]
    public void CredentialNames_AreTreatedLikeLinqKeys_WithTheSamePlaceholderChecks()
    {
        using var repo = new TempGitRepo();
        string value = _secrets.Alnum(40);
        repo.Write(".linqsecretscan.json", "{ \"credentialNames\": [\"SMS_GATEWAY_KEY\", \"MessagingToken\"] }")
            .Write("a.env.txt", $"SMS_GATEWAY_KEY={value}\nOTHER_KEY={_secrets.Alnum(40)}\n")
            .Write("b.json", "{ \"MessagingToken\": \"${FROM_VAULT}\" }")
            .StageAll();

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal(value, finding.GetProperty("secret").GetString());
        Assert.Equal("linq-api-token", finding.GetProperty("ruleId").GetString());
    }

    [Fact]
    public void EnvTemplateSuffixes_AddTemplatesThatAreNotReported()
    {
        using var repo = new TempGitRepo();
        repo.Write(".linqsecretscan.json", "{ \"envTemplateSuffixes\": [\"skeleton\"] }").Write(".env.skeleton", "A=\n").Write(".env.prod", "A=1\n");
        repo.GitOk("add", "-f", ".");

        var (_, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(".env.prod", Assert.Single(findings).GetProperty("path").GetString());
    }

    [Fact]
    public void MaxFileSize_ALargerFileIsNamed_AndTheScanIsNotClean()
    {
        using var repo = new TempGitRepo();
        repo.Write(".linqsecretscan.json", "{ \"maxFileSize\": 1000 }").Write("big.log", new string('x', 5000)).Write("small.txt", "ok\n").StageAll();

        var staged = Scanner.Run(repo.Root, "staged");
        var dir = Scanner.Run(repo.Root, "dir");

        Assert.Equal(2, staged.ExitCode);
        Assert.Contains("big.log", staged.StdErr);
        Assert.Contains("maxFileSize", staged.StdErr);
        Assert.Equal(2, dir.ExitCode);
        Assert.Contains("big.log", dir.StdErr);
    }

    [Fact]
    public void CustomRule_FindsItsOwnPattern_AndUsesTheBuiltInFragments()
    {
        using var repo = new TempGitRepo();
        string internalToken = "acme" + "_" + _secrets.Hex(40);
        repo.Write(".linqsecretscan.json", """
            {
              "rules": [
                {
                  "id": "acme-relay-token",
                  "description": "Token of our internal SMS relay in front of Linq",
                  "keywords": ["acme_"],
                  "pattern": "(?<secret>acme_[0-9a-f]{40})"
                }
              ]
            }
            """).Write("relay.cfg", $"relay {internalToken}\n").StageAll();

        var (result, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(findings);
        Assert.Equal("acme-relay-token", finding.GetProperty("ruleId").GetString());
        Assert.Equal(internalToken, finding.GetProperty("secret").GetString());
    }

    [Theory]
    [InlineData("{ \"exclude\": [\"a\"], \"excludes\": [] }", "unknown key \"excludes\"")]
    [InlineData("{ \"rules\": [ { \"pattern\": \"(?<secret>x+)\" } ] }", "has no \"id\"")]
    [InlineData("{ \"rules\": [ { \"id\": \"bad\", \"pattern\": \"(?<secret>[a-\" } ] }", "rule 'bad': invalid pattern regex")]
    [InlineData("{ \"rules\": [ { \"id\": \"nogroup\", \"pattern\": \"abc\" } ] }", "rule 'nogroup'")]
    [InlineData("{ \"rules\": [ { \"id\": \"look\", \"pattern\": \"(?<=x)(?<secret>y)\" } ] }", "rule 'look'")]
    [InlineData("{ \"maxFileSize\": \"big\" }", "maxFileSize")]
    [InlineData("{ \"exclude\": \"*.txt\" }", "\"exclude\" must be an array")]
    [InlineData("{ not json", "is not valid JSON")]
    public void BrokenConfig_ExitsTwo_NamingTheFileAndTheProblem(string content, string expected)
    {
        using var repo = new TempGitRepo();
        repo.Write(".linqsecretscan.json", content).Write("a.txt", "a\n").StageAll();

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".linqsecretscan.json", result.StdErr);
        Assert.Contains(expected, result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public void ExplicitConfigThatDoesNotExist_ExitsTwo()
    {
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, "staged", "--config", "missing.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("config file not found", result.StdErr);
    }
}
