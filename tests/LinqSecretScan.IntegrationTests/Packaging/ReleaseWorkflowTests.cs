using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Packaging;

/// <summary>.github/workflows/release.yml, read by a YAML parser (PyYAML, Debian's python3-yaml: no GitHub Actions
/// linter is packaged for Debian 12): one job per platform on a runner of that platform, each calling
/// release/build.sh with its RID under bash (Windows runners default to PowerShell), the tool package job, and the
/// release job that assembles SHA256SUMS and install.sh and attaches everything to the tag's release.</summary>
public sealed class ReleaseWorkflowTests
{
    private static readonly string WorkflowPath = Path.Combine(RepositoryPaths.Root, ".github", "workflows", "release.yml");

    private static JsonElement Workflow()
    {
        RequiredTools.PythonModule("yaml", "python3-yaml");
        var parsed = ProcessRunner.Run(
            "python3",
            ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))", WorkflowPath],
            RepositoryPaths.Root);
        Assert.True(parsed.ExitCode == 0, parsed.ToString());
        using var document = JsonDocument.Parse(parsed.StdOut);
        return document.RootElement.Clone();
    }

    [SkippableFact]
    public void EachPlatformJob_RunsOnThatPlatform_AndCallsTheReleaseScriptWithItsRid()
    {
        var binary = Workflow().GetProperty("jobs").GetProperty("binary");
        var include = binary.GetProperty("strategy").GetProperty("matrix").GetProperty("include").EnumerateArray()
            .ToDictionary(e => e.GetProperty("rid").GetString()!, e => e.GetProperty("runner").GetString()!);
        var build = Steps(binary).Single(s => Run(s).Contains("release/build.sh", StringComparison.Ordinal));

        Assert.Equal(["linux-arm64", "linux-x64", "osx-arm64", "win-x64"], include.Keys.Order(StringComparer.Ordinal));
        Assert.Matches(@"^ubuntu-\d", include["linux-x64"]);
        Assert.DoesNotContain("arm", include["linux-x64"], StringComparison.Ordinal);
        Assert.Matches(@"^ubuntu-[\d.]+-arm$", include["linux-arm64"]);
        Assert.Matches(@"^macos-(1[4-9]|[2-9]\d|latest)", include["osx-arm64"]);
        Assert.Matches(@"^windows-", include["win-x64"]);
        Assert.Equal("${{ matrix.runner }}", binary.GetProperty("runs-on").GetString());
        Assert.Equal("release/build.sh \"${{ matrix.rid }}\" \"$VERSION\" artifacts", Run(build).Trim());
        Assert.Equal("bash", build.GetProperty("shell").GetString());
    }

    [SkippableFact]
    public void TheToolJob_CallsTheReleaseScriptForThePackage_AndTheReleaseJobAttachesEverythingWithChecksums()
    {
        var workflow = Workflow();
        var jobs = workflow.GetProperty("jobs");
        var toolBuild = Steps(jobs.GetProperty("tool")).Single(s => Run(s).Contains("release/build.sh", StringComparison.Ordinal));
        var release = jobs.GetProperty("release");
        string[] releaseRuns = [.. Steps(release).Select(Run)];

        Assert.Equal("release/build.sh tool \"$VERSION\" artifacts", Run(toolBuild).Trim());
        Assert.Equal("bash", toolBuild.GetProperty("shell").GetString());
        Assert.Equal(["binary", "tool"], release.GetProperty("needs").EnumerateArray().Select(n => n.GetString()!));
        Assert.Contains(releaseRuns, r => r.Trim() == "release/assemble.sh artifacts \"$GITHUB_REPOSITORY\"");
        var publish = Steps(release).Single(s => Run(s).Contains("gh release create", StringComparison.Ordinal));
        Assert.Contains("artifacts/*", Run(publish));
        Assert.Equal("startsWith(github.ref, 'refs/tags/v')", publish.GetProperty("if").GetString());
        Assert.Equal("write", release.GetProperty("permissions").GetProperty("contents").GetString());
        // PyYAML reads the key `on` as YAML 1.1's true.
        Assert.Equal(["v*"], workflow.GetProperty("true").GetProperty("push").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        Assert.Contains("VERSION", workflow.GetProperty("env").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void TheScriptsTheWorkflowCalls_ExistAndAreExecutable()
    {
        foreach (string script in new[] { "release/build.sh", "release/assemble.sh", "install.sh" })
        {
            var mode = ProcessRunner.Run("git", ["ls-files", "-s", "--", script], RepositoryPaths.Root).StdOut;
            Assert.True(mode.StartsWith("100755 ", StringComparison.Ordinal), $"{script} is not tracked as executable: '{mode.Trim()}'");
        }
    }

    private static JsonElement.ArrayEnumerator Steps(JsonElement job) => job.GetProperty("steps").EnumerateArray();

    private static string Run(JsonElement step) => step.TryGetProperty("run", out var run) ? run.GetString() ?? string.Empty : string.Empty;
}
