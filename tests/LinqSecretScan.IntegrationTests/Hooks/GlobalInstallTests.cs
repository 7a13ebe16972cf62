using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hooks;

/// <summary>`install --global` / `uninstall --global` for a user of their own: a temporary HOME whose global git
/// config (GIT_CONFIG_GLOBAL, XDG_CONFIG_HOME) is the one git and the scanner read, and real `git commit`, `git
/// push` and `git worktree` through the hooks.</summary>
public sealed class GlobalInstallTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly string _home = TempDirectories.Create("home");
    private readonly List<TempGitRepo> _repos = [];

    public GlobalInstallTests()
    {
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = _home,
            ["XDG_CONFIG_HOME"] = Path.Combine(_home, ".config"),
            ["GIT_CONFIG_GLOBAL"] = Path.Combine(_home, ".gitconfig"),
        };
        File.WriteAllText(Path.Combine(_home, ".gitconfig"), "[init]\n\tdefaultBranch = main\n");
    }

    private Dictionary<string, string?> Environment { get; }

    private string GlobalHooksFolder => Path.Combine(_home, ".config", "linq-secret-scan", "hooks");

    public void Dispose()
    {
        foreach (var repo in _repos)
        {
            repo.Dispose();
        }
    }

    [Fact]
    public void InstallGlobal_ARepositoryCreatedAfterwards_IsProtected()
    {
        Install();
        var repo = NewRepo();

        repo.Write("ok.txt", "fine\n").Stage("ok.txt");
        var clean = Commit(repo);
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = Commit(repo);

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:1:10", blocked.StdOut + blocked.StdErr);
        Assert.Equal("1", repo.Git("rev-list", "--count", "HEAD").StdOut.Trim());
        Assert.Equal(GlobalHooksFolder, GlobalValues().Single());
    }

    [Fact]
    public void InstallGlobal_AnExistingRepositoryWithItsOwnPreCommitHook_IsScanned_AndItsHookRunsAfterACleanScan()
    {
        var repo = NewRepo();
        string marker = repo.PathOf("own-hook-ran");
        WriteHook(repo.PathOf(".git/hooks/pre-commit"), $"echo \"$GIT_INDEX_FILE\" > '{marker}'");
        Install();

        repo.Write("ok.txt", "fine\n").Stage("ok.txt");
        var clean = Commit(repo);
        bool ranOnClean = File.Exists(marker);
        File.Delete(marker);
        repo.Write("bad.txt", _secrets.LinqToken() + "\n").Stage("bad.txt");
        var blocked = Commit(repo);

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(ranOnClean, "the repository's own pre-commit hook did not run");
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("bad.txt:1:1", blocked.StdOut + blocked.StdErr);
        Assert.False(File.Exists(marker), "the repository's own hook ran although the scan blocked the commit");
    }

    [Fact]
    public void InstallGlobal_TheRepositorysOwnCommitMsgAndPrePushHooks_KeepRunning_WithTheirArgumentsAndInput()
    {
        using var remote = new TempGitRepo(bare: true);
        var repo = NewRepo();
        repo.GitOk("remote", "add", "origin", remote.Root);
        string pushed = repo.PathOf("pre-push-input");
        WriteHook(repo.PathOf(".git/hooks/commit-msg"), "grep -q 'JIRA-[0-9]' \"$1\" || { echo 'commit-msg: no ticket' >&2; exit 1; }");
        WriteHook(repo.PathOf(".git/hooks/pre-push"), $"echo \"$1 $2\" > '{pushed}'; cat >> '{pushed}'");
        Install();
        repo.Write("ok.txt", "fine\n").Stage("ok.txt");

        var rejected = repo.Git(Environment, "commit", "-m", "no ticket");
        var accepted = repo.Git(Environment, "commit", "-m", "JIRA-1 fine");
        var push = repo.Git(Environment, "push", "-q", "origin", "main");

        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("commit-msg: no ticket", rejected.StdErr);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.True(push.ExitCode == 0, push.ToString());
        string[] input = File.ReadAllLines(pushed);
        Assert.Equal($"origin {remote.Root}", input[0]);
        Assert.StartsWith("refs/heads/main " + repo.Git("rev-parse", "HEAD").StdOut.Trim(), input[1]);
    }

    [Fact]
    public void InstallGlobal_InALinkedWorktree_RunsTheSharedRepositorysOwnHook()
    {
        var repo = NewRepo();
        repo.Write("a.txt", "a\n").Stage("a.txt");
        repo.Commit();
        string marker = repo.PathOf("own-hook-ran");
        WriteHook(repo.PathOf(".git/hooks/pre-commit"), $"touch '{marker}'");
        string worktree = repo.Root + "-wt";
        repo.GitOk("worktree", "add", "-q", "-b", "side", worktree);
        Install();

        File.WriteAllText(Path.Combine(worktree, "b.txt"), "b\n");
        ProcessRunner.Run("git", ["add", "b.txt"], worktree, Environment);
        var clean = ProcessRunner.Run("git", ["commit", "-m", "clean"], worktree, Environment);
        File.WriteAllText(Path.Combine(worktree, "c.txt"), _secrets.LinqToken() + "\n");
        ProcessRunner.Run("git", ["add", "c.txt"], worktree, Environment);
        var blocked = ProcessRunner.Run("git", ["commit", "-m", "leak"], worktree, Environment);
        Directory.Delete(worktree, recursive: true);

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(File.Exists(marker), "the repository's own pre-commit hook did not run in the linked worktree");
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("c.txt:1:1", blocked.StdOut + blocked.StdErr);
    }

    [Fact]
    public void UninstallGlobal_WhenCoreHooksPathWasUnset_UnsetsIt_RemovesTheFolder_AndLetsCommitsThrough()
    {
        var repo = NewRepo();
        Install();

        var uninstall = Scanner.Run(_home, Environment, "uninstall", "--global");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var commit = Commit(repo);

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Empty(GlobalValues());
        Assert.Equal(1, Git("config", "--global", "--get", "core.hooksPath").ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_home, ".config", "linq-secret-scan")));
        Assert.True(commit.ExitCode == 0, commit.ToString());
    }

    [Fact]
    public void InstallGlobal_OverAPreviousGlobalHooksPath_RunsThoseHooks_AndUninstallRestoresTheValueExactly()
    {
        string teamHooks = Path.Combine(_home, "team-hooks");
        Directory.CreateDirectory(teamHooks);
        string marker = Path.Combine(_home, "team-hook-ran");
        WriteHook(Path.Combine(teamHooks, "commit-msg"), $"touch '{marker}'");
        Assert.Equal(0, Git("config", "--global", "core.hooksPath", "~/team-hooks").ExitCode);
        var repo = NewRepo();
        Install();
        Install();

        repo.Write("ok.txt", "fine\n").Stage("ok.txt");
        var clean = Commit(repo);
        repo.Write("bad.txt", _secrets.LinqToken() + "\n").Stage("bad.txt");
        var blocked = Commit(repo);
        var uninstall = Scanner.Run(_home, Environment, "uninstall", "--global");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(File.Exists(marker), "the previous global core.hooksPath's commit-msg hook did not run");
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Equal(["~/team-hooks"], GlobalValues());
    }

    [Fact]
    public void UninstallGlobal_RestoresSeveralPreviousValues_InTheirOrder()
    {
        Assert.Equal(0, Git("config", "--global", "--add", "core.hooksPath", "/first/hooks").ExitCode);
        Assert.Equal(0, Git("config", "--global", "--add", "core.hooksPath", "/second/hooks").ExitCode);
        Install();
        Assert.Equal([GlobalHooksFolder], GlobalValues());

        var uninstall = Scanner.Run(_home, Environment, "uninstall", "--global");

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Equal(["/first/hooks", "/second/hooks"], GlobalValues());
    }

    [Fact]
    public void UninstallGlobal_AfterTheUserChangedCoreHooksPath_LeavesTheirValue()
    {
        Install();
        Assert.Equal(0, Git("config", "--global", "core.hooksPath", "/somewhere/else").ExitCode);

        var uninstall = Scanner.Run(_home, Environment, "uninstall", "--global");

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Contains("left your git config as it is", uninstall.StdOut);
        Assert.Equal(["/somewhere/else"], GlobalValues());
        Assert.False(Directory.Exists(GlobalHooksFolder));
    }

    [Fact]
    public void UninstallGlobal_WhenNotInstalled_SaysSo_AndChangesNothing()
    {
        Assert.Equal(0, Git("config", "--global", "core.hooksPath", "/mine").ExitCode);

        var uninstall = Scanner.Run(_home, Environment, "uninstall", "--global");

        Assert.Equal(0, uninstall.ExitCode);
        Assert.Contains("not installed", uninstall.StdOut);
        Assert.Equal(["/mine"], GlobalValues());
    }

    [Fact]
    public void InstallGlobal_InARepositoryWithItsOwnCoreHooksPath_WarnsThatItIsNotCovered_AndItIsNot()
    {
        var repo = NewRepo();
        repo.GitOk("config", "core.hooksPath", ".husky/_");

        var install = Scanner.Run(repo.Root, Environment, "install", "--global");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var commit = Commit(repo);

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("warning: the repository here sets core.hooksPath to .husky/_", install.StdOut);
        Assert.True(commit.ExitCode == 0, "a local core.hooksPath overrides the global one: " + commit);
    }

    [Fact]
    public void InstallInOneRepository_WhileGlobalHooksAreInstalled_GoesToItsOwnHooksFolder_AndScansOnce()
    {
        Install();
        var repo = NewRepo();
        string marker = repo.PathOf("chained-ran");
        WriteHook(repo.PathOf(".git/hooks/pre-commit"), $"touch '{marker}'");

        var install = Scanner.Run(repo.Root, Environment, "install");
        repo.Write("ok.txt", "fine\n").Stage("ok.txt");
        var clean = Commit(repo);
        repo.Write("bad.txt", _secrets.LinqToken() + "\n").Stage("bad.txt");
        var blocked = Commit(repo);
        var uninstall = Scanner.Run(repo.Root, Environment, "uninstall");

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains(repo.PathOf(".git/hooks/pre-commit"), install.StdOut);
        Assert.Contains("# linq-secret-scan global hook", File.ReadAllText(Path.Combine(GlobalHooksFolder, "pre-commit")));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(File.Exists(marker), "the hook chained by the repository's own linq-secret-scan hook did not run");
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Equal(1, CountOf("1 Linq secret found", blocked.StdOut + blocked.StdErr));
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Equal($"#!/bin/sh\ntouch '{marker}'\n", File.ReadAllText(repo.PathOf(".git/hooks/pre-commit")));
    }

    [Fact]
    public void InstallGlobal_WritesEveryForwardedHook_AndRefusesOptionsThatDoNotApply()
    {
        var install = Install();
        var withRepo = Scanner.Run(_home, Environment, "install", "--global", "-C", _home);
        var withHook = Scanner.Run(_home, Environment, "uninstall", "--global", "--hook", "pre-push");

        Assert.Contains("every repository of yours is protected", install.StdOut);
        string[] written = [.. Directory.GetFiles(GlobalHooksFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Contains("pre-commit", written);
        Assert.Contains("commit-msg", written);
        Assert.Contains("pre-push", written);
        Assert.Contains("post-checkout", written);
        Assert.DoesNotContain("push-to-checkout", written);
        Assert.Equal(2, withRepo.ExitCode);
        Assert.Single(withRepo.StdErr.Trim().Split('\n'));
        Assert.Equal(2, withHook.ExitCode);
        Assert.Contains("--hook pre-push", withHook.StdErr);
        Assert.Equal([GlobalHooksFolder], GlobalValues());
    }

    [Fact]
    public void GlobalHook_WhenTheScannerIsGone_BlocksTheCommit_AndNamesWhatWasMissing()
    {
        Install();
        var repo = NewRepo();
        repo.Write("a.txt", "a\n").Stage("a.txt");
        var env = new Dictionary<string, string?>(Environment) { ["LINQ_SECRET_SCAN"] = "/nonexistent/linq-secret-scan" };

        var result = repo.Git(env, "commit", "-m", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("LINQ_SECRET_SCAN=/nonexistent/linq-secret-scan does not exist", result.StdErr);
        Assert.Contains("--no-verify", result.StdErr);
    }

    [SkippableFact]
    public void GlobalHooks_WithThePreCommitFramework_InstalledAsTheDocsSay_RunBothTheScanAndItsHooks()
    {
        RequiredTools.Command("pre-commit", "pre-commit");
        Install();
        var repo = NewRepo();
        repo.Write(".pre-commit-config.yaml", """
            repos:
              - repo: local
                hooks:
                  - id: no-todo
                    name: no TODO
                    entry: sh -c '! grep -n TODO "$@"' --
                    language: system
                    files: \.txt$

            """).Stage(".pre-commit-config.yaml");
        var env = new Dictionary<string, string?>(Environment) { ["PRE_COMMIT_HOME"] = TempDirectories.Create("pre-commit"), ["PRE_COMMIT_COLOR"] = "never" };

        var refused = ProcessRunner.Run("pre-commit", ["install"], repo.Root, env);
        var install = ProcessRunner.Run("sh", ["-c", "GIT_CONFIG_GLOBAL=/dev/null pre-commit install"], repo.Root, env);
        repo.Write("a.txt", "TODO\n").Stage("a.txt");
        var todo = repo.Git(env, "commit", "-m", "todo");
        repo.Write("a.txt", _secrets.LinqToken() + "\n").Stage("a.txt");
        var token = repo.Git(env, "commit", "-m", "token");
        repo.Write("a.txt", "done\n").Stage("a.txt");
        var clean = repo.Git(env, "commit", "-m", "clean");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("core.hooksPath", refused.StdOut + refused.StdErr);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.NotEqual(0, todo.ExitCode);
        Assert.Contains("no TODO", todo.StdOut + todo.StdErr);
        Assert.NotEqual(0, token.ExitCode);
        Assert.Contains("a.txt:1:1", token.StdOut + token.StdErr);
        Assert.True(clean.ExitCode == 0, clean.ToString());
    }

    [SkippableFact]
    public void GlobalHooks_WithLefthook_InstalledAsTheDocsSay_RunBothTheScanAndItsCommands()
    {
        string nodeModules = RequiredTools.NodeModules("lefthook", "2.2.1");
        Install();
        var repo = NewRepo();
        repo.Write("package.json", "{ \"name\": \"app\", \"private\": true }\n").Write(".gitignore", "node_modules\n");
        Directory.CreateSymbolicLink(repo.PathOf("node_modules"), nodeModules);
        string marker = repo.PathOf("lefthook-ran");
        repo.Write("lefthook.yml", $"""
            pre-commit:
              commands:
                mark:
                  run: touch '{marker}'

            """);
        var env = ToolEnvironment.Merge(null, ToolEnvironment.Npm, Environment);

        var install = ProcessRunner.Run("sh", ["-c", "GIT_CONFIG_GLOBAL=/dev/null npx --no-install lefthook install"], repo.Root, env);
        repo.Write("a.txt", "fine\n").StageAll();
        var clean = repo.Git(env, "commit", "-m", "clean");
        bool ranOnClean = File.Exists(marker);
        repo.Write("b.txt", _secrets.LinqToken() + "\n").Stage("b.txt");
        var token = repo.Git(env, "commit", "-m", "token");

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(File.Exists(repo.PathOf(".git/hooks/pre-commit")));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.True(ranOnClean, "lefthook's pre-commit command did not run");
        Assert.NotEqual(0, token.ExitCode);
        Assert.Contains("b.txt:1:1", token.StdOut + token.StdErr);
    }

    private ProcessResult Install()
    {
        var install = Scanner.Run(_home, Environment, "install", "--global");
        Assert.True(install.ExitCode == 0, install.ToString());
        return install;
    }

    private TempGitRepo NewRepo()
    {
        var repo = new TempGitRepo(init: false);
        _repos.Add(repo);
        var init = repo.Git(Environment, "init", "-q");
        Assert.True(init.ExitCode == 0, init.ToString());
        return repo;
    }

    private ProcessResult Commit(TempGitRepo repo) => repo.Git(Environment, "commit", "-m", "test");

    private ProcessResult Git(params string[] arguments) => ProcessRunner.Run("git", arguments, _home, Environment);

    private string[] GlobalValues() =>
        Git("config", "--global", "--get-all", "core.hooksPath").StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int CountOf(string needle, string text) =>
        (text.Length - text.Replace(needle, string.Empty, StringComparison.Ordinal).Length) / needle.Length;

    private static void WriteHook(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }
}
