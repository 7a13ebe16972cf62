using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Integrations;

/// <summary>The CI recipes of docs/ci.md, run as written: each scan script is taken from that page and run in a
/// clone with the variables its CI system sets, for a pull request, a push, and the first push of a branch. Only
/// the commits the event brings are scanned.</summary>
public sealed class CiRecipeTests : IDisposable
{
    private const string Zero = "0000000000000000000000000000000000000000";
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _origin = new(bare: true);
    private readonly TempGitRepo _clone = new(init: false);
    private readonly string _bin = TempDirectories.Create("ci-bin");
    private readonly string _oldMainCommit;
    private readonly string _mainTip;
    private readonly string _featureTip;

    public CiRecipeTests()
    {
        using (var seed = new TempGitRepo())
        {
            seed.Write("old.py", $"OLD = '{_secrets.LinqToken()}'\n").StageAll();
            _oldMainCommit = seed.Commit("old secret, already on main");
            seed.Write("README", "hello\n").StageAll();
            seed.Commit("clean");
            seed.GitOk("push", "-q", _origin.Root, "main");
        }

        _clone.GitOk("clone", "-q", _origin.Root, ".");
        _mainTip = _clone.Git("rev-parse", "HEAD").StdOut.Trim();
        _clone.GitOk("checkout", "-q", "-b", "feature");
        _clone.Write("new.py", $"NEW = '{_secrets.LinqToken()}'\n").StageAll();
        _featureTip = _clone.Commit("new secret on a branch");
        File.CreateSymbolicLink(Path.Combine(_bin, "linq-secret-scan"), Scanner.ExecutablePath);
    }

    public void Dispose()
    {
        _origin.Dispose();
        _clone.Dispose();
    }

    [Theory]
    [InlineData("github", "pull_request")]
    [InlineData("github", "push")]
    [InlineData("github", "first-push")]
    [InlineData("gitlab", "merge_request_event")]
    [InlineData("gitlab", "push")]
    [InlineData("gitlab", "first-push")]
    [InlineData("azure", "pull_request")]
    [InlineData("azure", "branch")]
    public void Recipe_ScansExactlyTheCommitsTheEventBrings(string ci, string @event) =>
        RunRecipe(ci, @event, RecipeScript(ci), _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"), home: null);

    /// <summary>The install step as written (against a release built by release/build.sh and served on loopback),
    /// then the scan with the binary it installed: on GitHub and Azure through the PATH line the step hands the
    /// runner, on GitLab in the same shell, as GitLab runs a job's script lines.</summary>
    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableTheory]
    [InlineData("github", "pull_request")]
    [InlineData("gitlab", "push")]
    [InlineData("azure", "branch")]
    public void InstallStep_ThenTheScan_WithTheReleaseBinary(string ci, string @event)
    {
        var (url, _, skip) = ReleaseSite.Get();
        Skip.If(url is null, skip);
        string home = TempDirectories.Create("ci-home");
        string bin = Path.Combine(home, ".local", "bin");
        string githubPath = Path.Combine(home, "github-path");
        const string SystemPath = "/usr/local/bin:/usr/bin:/bin";

        if (ci == "gitlab")
        {
            RunRecipe(ci, @event, InstallScript(ci) + RecipeScript(ci), SystemPath, home, url);
            return;
        }

        var install = ProcessRunner.Run(
            "sh",
            ["-c", InstallScript(ci)],
            _clone.Root,
            new Dictionary<string, string?> { ["HOME"] = home, ["RELEASE"] = url, ["GITHUB_PATH"] = githubPath, ["PATH"] = SystemPath });

        Assert.True(install.ExitCode == 0, install.ToString());
        if (ci == "github")
        {
            Assert.Equal(bin, File.ReadAllText(githubPath).Trim());
        }
        else
        {
            Assert.Contains($"##vso[task.prependpath]{bin}", install.StdOut);
        }

        RunRecipe(ci, @event, RecipeScript(ci), bin + Path.PathSeparator + SystemPath, home);
    }

    private void RunRecipe(string ci, string @event, string script, string path, string? home, string? release = null)
    {
        string dir = _clone.Root;
        string staging = TempDirectories.Create("artifacts");
        string before = @event == "push" ? _mainTip : Zero;
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = path,
            ["EVENT"] = @event == "pull_request" ? "pull_request" : "push",
            ["BASE_REF"] = "main",
            ["BEFORE"] = before,
            ["AFTER"] = _featureTip,
            ["DEFAULT_BRANCH"] = "main",
            ["CI_PIPELINE_SOURCE"] = @event == "merge_request_event" ? "merge_request_event" : "push",
            ["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = _mainTip,
            ["CI_COMMIT_BEFORE_SHA"] = before,
            ["CI_COMMIT_SHA"] = _featureTip,
            ["CI_DEFAULT_BRANCH"] = "main",
            ["SYSTEM_PULLREQUEST_TARGETBRANCH"] = @event == "pull_request" && ci == "azure" ? "refs/heads/main" : null,
            ["BUILD_SOURCEBRANCH"] = "refs/heads/feature",
            ["BUILD_ARTIFACTSTAGINGDIRECTORY"] = staging,
            ["GITHUB_OUTPUT"] = Path.Combine(staging, "github-output"),
        };
        if (home is not null)
        {
            env["HOME"] = home;
            env["RELEASE"] = release;
        }

        var run = ProcessRunner.Run("sh", ["-c", script], dir, env);

        string report = ci switch
        {
            "github" => Path.Combine(dir, "linq-secret-scan.sarif"),
            "gitlab" => Path.Combine(dir, "linq-secret-scan.json"),
            _ => Path.Combine(staging, "CodeAnalysisLogs", "linq-secret-scan.sarif"),
        };
        Assert.True(File.Exists(report), run.ToString());
        string text = File.ReadAllText(report);
        Assert.Contains("new.py", text);
        Assert.DoesNotContain("old.py", text);
        Assert.Contains(_featureTip, text);
        Assert.DoesNotContain(_oldMainCommit, text);
        using var doc = JsonDocument.Parse(text);
        if (ci == "github")
        {
            // The step passes so that the SARIF upload runs; it hands the scan's exit code to the failing step.
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("status=1", File.ReadAllText(Path.Combine(staging, "github-output")));
        }
        else
        {
            Assert.Equal(1, run.ExitCode);
        }
    }

    [Fact]
    public void EveryRecipe_IsInTheCiDocs_InstallsTheReleaseBinary_AndScansARange()
    {
        string page = File.ReadAllText(CiDocs);

        foreach (string ci in new[] { "github", "gitlab", "azure" })
        {
            Assert.Contains($"# ci-recipe: {ci}", page);
            Assert.Contains("linq-secret-scan commits \"$range\"", RecipeScript(ci));
            Assert.Contains("curl -fsSL \"$RELEASE/install.sh\" | sh -s -- --base-url \"$RELEASE\"", InstallScript(ci));
        }
    }

    /// <summary>The README shows the GitHub Actions workflow too; it must be the one that is tested, word for word.</summary>
    [Fact]
    public void TheReadmesWorkflow_IsTheTestedOne()
    {
        string readme = Path.Combine(RepositoryPaths.Root, "README.md");

        Assert.Equal(RecipeBlock("github", CiDocs), RecipeBlock("github", readme));
    }

    /// <summary>The whole fenced code block of <paramref name="page"/> that holds `# ci-recipe: NAME`.</summary>
    private static string RecipeBlock(string name, string page)
    {
        var lines = File.ReadAllLines(page);
        int marker = Array.FindIndex(lines, l => l.Trim() == $"# ci-recipe: {name}");
        Assert.True(marker >= 0, $"{page} has no '# ci-recipe: {name}' script");
        int start = Array.FindLastIndex(lines, marker, l => l.StartsWith("```", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, marker, l => l.StartsWith("```", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end + 1)]);
    }

    private static string CiDocs => Path.Combine(RepositoryPaths.Root, "docs", "ci.md");

    /// <summary>The lines of the YAML block scalar that starts with `# ci-recipe: NAME` in docs/ci.md (or
    /// <paramref name="page"/>), dedented.</summary>
    private static string RecipeScript(string name, string? page = null) => Script("ci-recipe", name, page ?? CiDocs);

    /// <summary>The install step's script: the block scalar that starts with `# ci-install: NAME` in docs/ci.md.</summary>
    private static string InstallScript(string name) => Script("ci-install", name, CiDocs);

    private static string Script(string kind, string name, string page)
    {
        var lines = File.ReadAllLines(page);
        int start = Array.FindIndex(lines, l => l.Trim() == $"# {kind}: {name}");
        Assert.True(start >= 0, $"{page} has no '# {kind}: {name}' script");
        int indent = lines[start].Length - lines[start].TrimStart().Length;
        var script = new List<string>();
        for (int i = start; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length > 0 && (line.Length - line.TrimStart().Length < indent || line.StartsWith("```", StringComparison.Ordinal)))
            {
                break;
            }

            script.Add(line.Length >= indent ? line[indent..] : string.Empty);
        }

        return string.Join('\n', script) + "\n";
    }
}
