using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Integrations;

/// <summary>The hook managers people already use, set up as the README shows, with `linq-secret-scan` on PATH (a
/// link to the build under test), each driven by a real `git commit`.</summary>
public sealed class HookManagerTests
{
    private const string HuskyNetVersion = "0.9.1";
    private readonly TestSecrets _secrets = new();
    private readonly Dictionary<string, string?> _environment = ToolEnvironment.Merge(
        Executables.ScannerOnPathFolder(), ToolEnvironment.Dotnet, ToolEnvironment.Npm);

    [SkippableFact]
    public void HuskyNet_TaskRunner_LetsACleanCommitThrough_AndBlocksAToken()
    {
        using var repo = new TempGitRepo();
        Run(repo, "dotnet", "new", "tool-manifest");
        var install = Run(repo, "dotnet", "tool", "install", "Husky", "--version", HuskyNetVersion);
        Assert.True(install.ExitCode == 0, $"Husky.Net {HuskyNetVersion} could not be installed from NuGet: {install}");
        RunOk(repo, "dotnet", "husky", "install");
        RunOk(repo, "dotnet", "husky", "add", "pre-commit", "-c", "dotnet husky run --group pre-commit");
        repo.Write(".husky/task-runner.json", """
            {
              "tasks": [
                { "name": "linq-secret-scan", "group": "pre-commit", "command": "linq-secret-scan", "args": ["staged"] }
              ]
            }

            """);

        AssertCleanPassesAndTokenIsBlocked(repo);
    }

    [SkippableFact]
    public void Husky_PreCommitFile_LetsACleanCommitThrough_AndBlocksAToken()
    {
        using var repo = NpmRepo("husky@9.1.7");
        RunOk(repo, "npx", "--no-install", "husky", "init");
        repo.Write(".husky/pre-commit", "linq-secret-scan staged\n");

        AssertCleanPassesAndTokenIsBlocked(repo);
    }

    [SkippableFact]
    public void Lefthook_PreCommitCommand_LetsACleanCommitThrough_AndBlocksAToken()
    {
        using var repo = NpmRepo("lefthook@2.2.1");
        repo.Write("lefthook.yml", """
            pre-commit:
              commands:
                linq-secret-scan:
                  run: linq-secret-scan staged

            """);
        RunOk(repo, "npx", "--no-install", "lefthook", "install");

        AssertCleanPassesAndTokenIsBlocked(repo);
    }

    /// <summary>A repository with a package.json whose node_modules is the run's one install of
    /// <paramref name="spec"/> (linked, and ignored by git).</summary>
    private static TempGitRepo NpmRepo(string spec)
    {
        string nodeModules = RequiredTools.NodeModules(spec[..spec.LastIndexOf('@')], spec[(spec.LastIndexOf('@') + 1)..]);
        var repo = new TempGitRepo();
        repo.Write("package.json", "{ \"name\": \"app\", \"private\": true }\n").Write(".gitignore", "node_modules\n");
        Directory.CreateSymbolicLink(repo.PathOf("node_modules"), nodeModules);
        return repo;
    }

    private void AssertCleanPassesAndTokenIsBlocked(TempGitRepo repo)
    {
        repo.Write("app.py", "TOKEN = os.environ['LINQ_API_KEY']\n").StageAll();
        var clean = repo.Git(_environment, "commit", "-m", "clean");
        repo.Write("app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git(_environment, "commit", "-m", "leak");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:1:10  linq-api-token", blocked.StdOut + blocked.StdErr);
        Assert.Equal("1", repo.Git("rev-list", "--count", "HEAD").StdOut.Trim());
    }

    private ProcessResult Run(TempGitRepo repo, string command, params string[] arguments) =>
        ProcessRunner.Run(command, arguments, repo.Root, _environment, timeout: TimeSpan.FromMinutes(3));

    private void RunOk(TempGitRepo repo, string command, params string[] arguments)
    {
        var result = Run(repo, command, arguments);
        Assert.True(result.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {result}");
    }
}
