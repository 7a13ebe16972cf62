using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Integrations;

/// <summary>The pre-commit framework (https://pre-commit.com) with this repository's .pre-commit-hooks.yaml, run by
/// the real pre-commit. Its `language: dotnet` packs the hook repository and installs the tool into an environment of
/// its own; the class shares one hook repository (a commit of the work tree under test) and one PRE_COMMIT_HOME, so
/// that is built once (about 40 s here) and reused by every test.</summary>
public sealed class PreCommitFrameworkTests(PreCommitFrameworkTests.HookRepository hooks) : IClassFixture<PreCommitFrameworkTests.HookRepository>
{
    private readonly TestSecrets _secrets = new();

    [SkippableFact]
    public void TryRepo_WithAStagedToken_FailsTheHook_AndNamesTheFinding()
    {
        HookRepository.RequirePreCommit();
        using var repo = new TempGitRepo();
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");

        var result = hooks.PreCommit(repo, "try-repo", hooks.Root, "linq-secret-scan");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("app.py:1:10  linq-api-token", result.StdOut);
    }

    [SkippableFact]
    public void ConfigEntries_InstalledAsTheGitHooks_BlockACommitAndAPushWithAToken_AndLetCleanOnesThrough()
    {
        HookRepository.RequirePreCommit();
        using var remote = new TempGitRepo(bare: true);
        using var repo = hooks.ConfiguredRepository();
        repo.GitOk("remote", "add", "origin", remote.Root);
        Assert.Equal(0, hooks.PreCommit(repo, "install", "--hook-type", "pre-push").ExitCode);

        repo.Write("app.py", "TOKEN = os.environ['LINQ_API_KEY']\n").Stage(".pre-commit-config.yaml", "app.py");
        var clean = repo.Git(hooks.Environment, "commit", "-m", "clean");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git(hooks.Environment, "commit", "-m", "leak");
        var cleanPush = repo.Git(hooks.Environment, "push", "-q", "origin", "main");
        repo.Write("later.py", $"LATER = '{_secrets.LinqToken()}'\n").Stage("later.py");
        repo.GitOk("commit", "-q", "--no-verify", "-m", "leak past the commit hook");
        var blockedPush = repo.Git(hooks.Environment, "push", "-q", "origin", "main");

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
    [SkippableFact]
    public void AllFiles_FailsOnACommittedToken_WhileACommitStillScansOnlyWhatItAdds()
    {
        HookRepository.RequirePreCommit();
        using var repo = hooks.ConfiguredRepository();
        repo.Write("README", "hello\n").Stage("README", ".pre-commit-config.yaml");
        var cleanAllFiles = hooks.PreCommit(repo, "run", "--all-files");
        string first = repo.Commit("config");
        repo.Write("settings.py", $"DEBUG = True\nLINQ_API_KEY = '{_secrets.Alnum(40)}'\n").Stage("settings.py");
        repo.Commit("an old leak, committed past the hook");

        var allFiles = hooks.PreCommit(repo, "run", "--all-files");
        var files = hooks.PreCommit(repo, "run", "--files", "settings.py");
        var range = hooks.PreCommit(repo, "run", "--from-ref", first, "--to-ref", "HEAD");
        repo.Write("settings.py", File.ReadAllText(repo.PathOf("settings.py")) + "TIMEOUT = 5\n").Stage("settings.py");
        var unrelatedEdit = repo.Git(hooks.Environment, "commit", "-m", "an edit next to the old token");
        repo.Write("new.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("new.py");
        var newToken = repo.Git(hooks.Environment, "commit", "-m", "a new token");

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

    /// <summary>One hook repository and one PRE_COMMIT_HOME for the class: pre-commit builds the tool once.</summary>
    public sealed class HookRepository
    {
        private readonly Lazy<string> _root = new(SourceCopy.CommittedRepository);

        public Dictionary<string, string?> Environment { get; } = ToolEnvironment.Merge(
            null,
            ToolEnvironment.Dotnet,
            new Dictionary<string, string?> { ["PRE_COMMIT_HOME"] = TempDirectories.Create("pre-commit"), ["PRE_COMMIT_COLOR"] = "never" });

        /// <summary>The hook repository: one commit of the work tree under test.</summary>
        public string Root => _root.Value;

        public static void RequirePreCommit()
        {
            string? missing = DebianTools.Ensure("pre-commit", "pre-commit");
            Skip.If(missing is not null, missing);
        }

        /// <summary>A repository whose .pre-commit-config.yaml names both hooks, with `pre-commit install` done and
        /// the hook environment built (the config file is written, not committed).</summary>
        internal TempGitRepo ConfiguredRepository()
        {
            var repo = new TempGitRepo();
            string head = ProcessRunner.Run("git", ["rev-parse", "HEAD"], Root).StdOut.Trim();
            repo.Write(".pre-commit-config.yaml", $"""
                repos:
                  - repo: {Root}
                    rev: {head}
                    hooks:
                      - id: linq-secret-scan
                      - id: linq-secret-scan-push

                """);
            Assert.Equal(0, PreCommit(repo, "install").ExitCode);
            var setUp = PreCommit(repo, "install-hooks");
            Assert.True(setUp.ExitCode == 0, setUp.ToString());
            return repo;
        }

        /// <summary>Runs pre-commit; the first run that needs the hook environment builds it (one at a time with the
        /// other heavy builds of the test run).</summary>
        internal ProcessResult PreCommit(TempGitRepo repo, params string[] arguments) =>
            HeavyBuilds.Run(() => ProcessRunner.Run("pre-commit", arguments, repo.Root, Environment, timeout: TimeSpan.FromMinutes(15)));
    }
}
