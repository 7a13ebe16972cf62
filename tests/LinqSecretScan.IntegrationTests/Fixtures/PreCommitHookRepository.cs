namespace LinqSecretScan.Tests.Fixtures;

/// <summary>This repository as the pre-commit framework sees it: the work tree's files committed in a repository of
/// their own (<see cref="SourceCopy.CommittedRepository"/>, so uncommitted changes are what is tested), and one
/// pre-commit store (PRE_COMMIT_HOME) in which its hook environment is built once per run. `language: dotnet` packs the repository to
/// build that environment (about 40 s on two cores); every pre-commit test uses this one instead of packing again.</summary>
internal static class PreCommitHookRepository
{
    private static readonly Lazy<(string Repo, string Rev, string Home)> Built = new(() => HeavyBuilds.Run(Build));

    /// <summary>The repository's path, for `repo:` in a .pre-commit-config.yaml.</summary>
    public static string Repo => Built.Value.Repo;

    /// <summary>Its one commit, for `rev:`.</summary>
    public static string Rev => Built.Value.Rev;

    /// <summary>The environment pre-commit runs with: the shared store, no colours, and the machine's NuGet cache.</summary>
    public static Dictionary<string, string?> Environment => ToolEnvironment.Merge(
        null,
        ToolEnvironment.Dotnet,
        new Dictionary<string, string?> { ["PRE_COMMIT_HOME"] = Built.Value.Home, ["PRE_COMMIT_COLOR"] = "never" });

    /// <summary>A .pre-commit-config.yaml that uses the hooks of this repository.</summary>
    public static string Config(params string[] hookIds) =>
        $"repos:\n  - repo: {Repo}\n    rev: {Rev}\n    hooks:\n" + string.Concat(hookIds.Select(id => $"      - id: {id}\n"));

    private static (string, string, string) Build()
    {
        RequiredTools.Command("pre-commit", "pre-commit");
        string repo = SourceCopy.CommittedRepository();
        string rev = Git(repo, "rev-parse", "HEAD").Trim();
        string home = TempDirectories.Create("pre-commit-home");

        using var scratch = new TempGitRepo();
        scratch.Write(".pre-commit-config.yaml", $"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: linq-secret-scan\n      - id: linq-secret-scan-push\n");
        var environment = ToolEnvironment.Merge(null, ToolEnvironment.ArtifactBuild, new Dictionary<string, string?> { ["PRE_COMMIT_HOME"] = home });
        var install = ProcessRunner.Run("pre-commit", ["install-hooks"], scratch.Root, environment, timeout: TimeSpan.FromMinutes(15));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"pre-commit install-hooks failed: {install}");
        }

        return (repo, rev, home);
    }

    private static string Git(string repo, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, repo);
        return result.ExitCode == 0 ? result.StdOut : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result}");
    }
}
