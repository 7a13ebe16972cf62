using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Integrations;

/// <summary>The pre-commit framework (https://pre-commit.com) with this repository's .pre-commit-hooks.yaml: its
/// `language: dotnet` packs the repository and installs the tool, then runs `linq-secret-scan pre-commit FILE...` (or,
/// for the push hook, `commits --pre-commit-env`). The hook environment is built once per run
/// (<see cref="PreCommitHookRepository"/>), as pre-commit builds it once per repository and revision, and every test
/// here uses it. `pre-commit try-repo` (the docs' way to try the hook) always builds a new environment in a store of
/// its own; it runs the same hook as `pre-commit run` below.</summary>
[UsesHeavyBuild(HeavyBuild.PreCommitEnvironment)]
public sealed class PreCommitFrameworkTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void Run_WithAStagedToken_FailsTheHook_AndNamesTheFinding()
    {
        using var repo = new TempGitRepo();
        repo.Write(".pre-commit-config.yaml", PreCommitHookRepository.Config("linq-secret-scan"));
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage(".pre-commit-config.yaml", "app.py");

        var result = PreCommit(repo, "run", "linq-secret-scan");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("app.py:1:10  linq-api-token", result.StdOut);
    }

    [Fact]
    public void ConfigEntries_InstalledAsTheGitHooks_BlockACommitAndAPushWithAToken_AndLetCleanOnesThrough()
    {
        using var remote = new TempGitRepo(bare: true);
        using var repo = new TempGitRepo();
        repo.GitOk("remote", "add", "origin", remote.Root);
        repo.Write(".pre-commit-config.yaml", PreCommitHookRepository.Config("linq-secret-scan", "linq-secret-scan-push"));
        Assert.Equal(0, PreCommit(repo, "install").ExitCode);
        Assert.Equal(0, PreCommit(repo, "install", "--hook-type", "pre-push").ExitCode);
        var setUp = PreCommit(repo, "install-hooks");
        Assert.True(setUp.ExitCode == 0, setUp.ToString());
        var environment = PreCommitHookRepository.Environment;

        repo.Write("app.py", "TOKEN = os.environ['LINQ_API_KEY']\n").Stage(".pre-commit-config.yaml", "app.py");
        var clean = repo.Git(environment, "commit", "-m", "clean");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git(environment, "commit", "-m", "leak");
        var cleanPush = repo.Git(environment, "push", "-q", "origin", "main");
        repo.Write("later.py", $"LATER = '{_secrets.LinqToken()}'\n").Stage("later.py");
        repo.GitOk("commit", "-q", "--no-verify", "-m", "leak past the commit hook");
        var blockedPush = repo.Git(environment, "push", "-q", "origin", "main");

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

    /// <summary>What CI runs with only `id: linq-secret-scan` configured: `pre-commit run --all-files` (and `--files`,
    /// and `--from-ref/--to-ref`) scans the files whole, so a token committed long ago fails it; `git commit` still
    /// scans only what the commit adds, from the index, so touching a file that holds an old token does not block an
    /// unrelated change, and a staged token does.</summary>
    [Fact]
    public void AllFiles_FailsOnACommittedToken_WhileACommitStillScansOnlyWhatItAdds()
    {
        using var repo = new TempGitRepo();
        repo.Write(".pre-commit-config.yaml", PreCommitHookRepository.Config("linq-secret-scan"));
        Assert.Equal(0, PreCommit(repo, "install").ExitCode);
        var environment = PreCommitHookRepository.Environment;
        repo.Write("README", "hello\n").Stage("README", ".pre-commit-config.yaml");
        var cleanAllFiles = PreCommit(repo, "run", "--all-files");
        string first = repo.Commit("config");
        repo.Write("settings.py", $"DEBUG = True\nLINQ_API_KEY = '{_secrets.Alnum(40)}'\n").Stage("settings.py");
        repo.Commit("an old leak, committed past the hook");

        var allFiles = PreCommit(repo, "run", "--all-files");
        var files = PreCommit(repo, "run", "--files", "settings.py");
        var range = PreCommit(repo, "run", "--from-ref", first, "--to-ref", "HEAD");
        repo.Write("settings.py", File.ReadAllText(repo.PathOf("settings.py")) + "TIMEOUT = 5\n").Stage("settings.py");
        var unrelatedEdit = repo.Git(environment, "commit", "-m", "an edit next to the old token");
        repo.Write("new.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("new.py");
        var newToken = repo.Git(environment, "commit", "-m", "a new token");

        Assert.True(cleanAllFiles.ExitCode == 0, cleanAllFiles.ToString());
        foreach (var run in new[] { allFiles, files, range })
        {
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("settings.py:2:", run.StdOut);
            Assert.Contains("linq-api-token", run.StdOut);
        }

        Assert.True(unrelatedEdit.ExitCode == 0, unrelatedEdit.ToString());
        Assert.NotEqual(0, newToken.ExitCode);
        string hookOutput = newToken.StdOut + newToken.StdErr; // git sends a hook's stdout to its stderr
        Assert.Contains("new.py:1:10  linq-api-token", hookOutput);
        Assert.Contains("found in staged changes", hookOutput);
        Assert.DoesNotContain("settings.py", hookOutput);
    }

    private static ProcessResult PreCommit(TempGitRepo repo, params string[] arguments) =>
        ProcessRunner.Run("pre-commit", arguments, repo.Root, PreCommitHookRepository.Environment, timeout: TimeSpan.FromMinutes(15));
}
