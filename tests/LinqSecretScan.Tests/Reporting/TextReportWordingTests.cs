using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Reporting;

/// <summary>The text report says what was found: a .env file with no Linq credential in it is a .env file, not a Linq
/// secret, and only a found token brings the advice to rotate tokens in the Linq dashboard.</summary>
public sealed class TextReportWordingTests
{
    private const string RotateTokens = "Linq dashboard";
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void StagedEnvFile_WithoutACredential_IsCalledAnEnvFile_AndNoTokenAdviceIsGiven()
    {
        using var repo = new TempGitRepo();
        repo.Write(".env", "DEBUG=1\n").Stage(".env");

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("linq-secret-scan: 1 .env file found in staged changes:", result.StdOut);
        Assert.DoesNotContain("Linq secret", result.StdOut);
        Assert.DoesNotContain(RotateTokens, result.StdOut);
        Assert.Contains("git rm --cached <file>", result.StdOut);
    }

    [Fact]
    public void StagedTokenAndEnvFile_AreCountedApart()
    {
        using var repo = new TempGitRepo();
        repo.Write(".env", "DEBUG=1\n").Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").StageAll();

        var result = Scanner.Run(repo.Root, "staged");

        Assert.StartsWith("linq-secret-scan: 1 Linq secret and 1 .env file found in staged changes:", result.StdOut);
        Assert.Contains($"rotate it in the {RotateTokens}", result.StdOut);
    }

    [Fact]
    public void History_AdvisesRotatingTokens_OnlyWhenATokenWasFound()
    {
        using var repo = new TempGitRepo();
        repo.Write(".env.production", "DEBUG=1\n").StageAll();
        repo.Commit();

        var envOnly = Scanner.Run(repo.Root, "history");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").StageAll();
        repo.Commit();
        var withToken = Scanner.Run(repo.Root, "history");

        Assert.Equal(1, envOnly.ExitCode);
        Assert.StartsWith("linq-secret-scan: 1 .env file found in ", envOnly.StdOut);
        Assert.DoesNotContain(RotateTokens, envOnly.StdOut);
        Assert.Contains("Each committed .env file: rotate the secrets it held", envOnly.StdOut);
        Assert.StartsWith("linq-secret-scan: 1 Linq secret and 1 .env file found in ", withToken.StdOut);
        Assert.Contains($"Rotate each token in the {RotateTokens} now", withToken.StdOut);
    }

    [Fact]
    public void Dir_WebhookSecretOnly_GetsNoTokenAdvice()
    {
        using var repo = new TempGitRepo();
        repo.Write("hooks.py", $"LINQ_WEBHOOK_SECRET = '{_secrets.WebhookSecret()}'\n");

        var result = Scanner.Run(repo.Root, "dir");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("linq-secret-scan: 1 Linq secret found in ", result.StdOut);
        Assert.Contains("webhook signing secret", result.StdOut);
        Assert.DoesNotContain(RotateTokens, result.StdOut);
    }

    [Fact]
    public void NothingFound_SaysNoSecretsAndNoEnvFiles()
    {
        using var repo = new TempGitRepo();
        repo.Write("app.py", "x = 1\n").Stage("app.py");

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("linq-secret-scan: no Linq secrets and no .env files in staged changes (1 file scanned).", result.StdOut);
    }

    [Fact]
    public void InstalledHook_BlockingAnEnvFile_CallsItAnEnvFile()
    {
        using var repo = new TempGitRepo();
        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);
        repo.Write(".env.local", "DEBUG=1\n").Stage(".env.local");

        var commit = repo.Git("commit", "-m", "env");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("1 .env file found in staged changes", commit.StdOut + commit.StdErr);
        Assert.DoesNotContain("Linq secret", commit.StdOut + commit.StdErr);
    }
}
