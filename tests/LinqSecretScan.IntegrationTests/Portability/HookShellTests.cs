using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Portability;

/// <summary>The hook is POSIX sh: Git for Windows runs it with its sh (bash in POSIX mode), Debian with dash,
/// Alpine with busybox. Each of them runs the installed hook here, and shellcheck reads it as sh.</summary>
public sealed class HookShellTests
{
    private readonly TestSecrets _secrets = new();

    public static TheoryData<string, string, string> Shells() => new()
    {
        { "dash", "dash", string.Empty },
        { "bash", "bash", "--posix" },
        { "busybox", "busybox", "sh" },
    };

    private static string[] Command(string shell, string mode) => mode.Length == 0 ? [shell] : [shell, mode];

    [SkippableTheory]
    [InlineData("pre-commit")]
    [InlineData("pre-push")]
    [InlineData("global-hook")]
    public void Shellcheck_ReadsEachHookTemplateAsPosixSh_AndFindsNothing(string template)
    {
        RequiredTools.Command("shellcheck", "shellcheck");

        var result = ProcessRunner.Run("shellcheck", ["--shell=sh", Path.Combine(RepositoryPaths.Root, "hooks", template)], RepositoryPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(Shells))]
    public void InstalledHook_RunByThisShell_BlocksAToken_PassesCleanChanges_AndBlocksWhenTheScannerIsMissing(string package, string shell, string mode)
    {
        RequiredTools.Command(shell, package);
        using var repo = new TempGitRepo();
        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);
        string hook = repo.PathOf(".git/hooks/pre-commit");
        string[] run = [.. Command(shell, mode).Skip(1), hook];

        var syntax = ProcessRunner.Run(shell, [.. Command(shell, mode).Skip(1), "-n", hook], repo.Root);
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = ProcessRunner.Run(shell, run, repo.Root);
        repo.Write("app.py", "TOKEN = os.environ['LINQ_API_KEY']\n").Stage("app.py");
        var clean = ProcessRunner.Run(shell, run, repo.Root);
        var noScanner = ProcessRunner.Run(shell, run, repo.Root, new Dictionary<string, string?> { ["LINQ_SECRET_SCAN"] = "/nonexistent/linq-secret-scan" });

        Assert.True(syntax.ExitCode == 0, syntax.ToString());
        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("commit blocked", blocked.StdErr);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal(1, noScanner.ExitCode);
        Assert.Contains("--no-verify", noScanner.StdErr);
    }
}
