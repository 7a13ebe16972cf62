using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Integrations;

/// <summary>The pre-commit framework (https://pre-commit.com) with this repository's .pre-commit-hooks.yaml: its
/// `language: dotnet` packs the repository and installs the tool, then runs `linq-secret-scan staged`. Each test
/// builds the tool once, as pre-commit does for a new hook environment (about 40 s here).</summary>
public sealed class PreCommitFrameworkTests
{
    private readonly TestSecrets _secrets = new();
    private readonly Dictionary<string, string?> _environment = ToolEnvironment.Merge(
        null,
        ToolEnvironment.Dotnet,
        new Dictionary<string, string?> { ["PRE_COMMIT_HOME"] = TempDirectories.Create("pre-commit"), ["PRE_COMMIT_COLOR"] = "never" });

    private static void RequirePreCommit()
    {
        string? missing = DebianTools.Ensure("pre-commit", "pre-commit");
        Skip.If(missing is not null, missing);
    }

    [SkippableFact]
    public void TryRepo_WithAStagedToken_FailsTheHook_AndNamesTheFinding()
    {
        RequirePreCommit();
        using var repo = new TempGitRepo();
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");

        var result = HeavyBuilds.Run(() => ProcessRunner.Run(
            "pre-commit",
            ["try-repo", RepositoryPaths.Root, "linq-secret-scan"],
            repo.Root,
            _environment,
            timeout: TimeSpan.FromMinutes(15)));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("app.py:1:10  linq-api-token", result.StdOut);
    }

    [SkippableFact]
    public void ConfigEntries_InstalledAsTheGitHooks_BlockACommitAndAPushWithAToken_AndLetCleanOnesThrough()
    {
        RequirePreCommit();
        using var remote = new TempGitRepo(bare: true);
        using var repo = new TempGitRepo();
        repo.GitOk("remote", "add", "origin", remote.Root);
        string head = ProcessRunner.Run("git", ["rev-parse", "HEAD"], RepositoryPaths.Root).StdOut.Trim();
        repo.Write(".pre-commit-config.yaml", $"""
            repos:
              - repo: {RepositoryPaths.Root}
                rev: {head}
                hooks:
                  - id: linq-secret-scan
                  - id: linq-secret-scan-push

            """);
        Assert.Equal(0, PreCommit(repo, "install").ExitCode);
        Assert.Equal(0, PreCommit(repo, "install", "--hook-type", "pre-push").ExitCode);
        var setUp = HeavyBuilds.Run(() => PreCommit(repo, "install-hooks"));
        Assert.True(setUp.ExitCode == 0, setUp.ToString());

        repo.Write("app.py", "TOKEN = os.environ['LINQ_API_KEY']\n").Stage(".pre-commit-config.yaml", "app.py");
        var clean = repo.Git(_environment, "commit", "-m", "clean");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git(_environment, "commit", "-m", "leak");
        var cleanPush = repo.Git(_environment, "push", "-q", "origin", "main");
        repo.Write("later.py", $"LATER = '{_secrets.LinqToken()}'\n").Stage("later.py");
        repo.GitOk("commit", "-q", "--no-verify", "-m", "leak past the commit hook");
        var blockedPush = repo.Git(_environment, "push", "-q", "origin", "main");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:1:10  linq-api-token", blocked.StdOut + blocked.StdErr);
        Assert.True(cleanPush.ExitCode == 0, cleanPush.ToString());
        Assert.NotEqual(0, blockedPush.ExitCode);
        Assert.Contains("later.py:1:10  linq-api-token", blockedPush.StdOut + blockedPush.StdErr);
        Assert.Equal(
            repo.Git("rev-parse", "HEAD~1").StdOut.Trim(),
            remote.Git("rev-parse", "refs/heads/main").StdOut.Trim());
    }

    private ProcessResult PreCommit(TempGitRepo repo, params string[] arguments) =>
        ProcessRunner.Run("pre-commit", arguments, repo.Root, _environment, timeout: TimeSpan.FromMinutes(15));
}
