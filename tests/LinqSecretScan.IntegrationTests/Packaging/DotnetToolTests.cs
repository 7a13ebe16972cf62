using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Packaging;

/// <summary>The dotnet tool packages, built with the README's commands, installed with `dotnet tool install`, and
/// the hook that the installed tool writes, run later by a real `git commit`.</summary>
public sealed class DotnetToolTests
{
    private readonly TestSecrets _secrets = new();

    [UsesHeavyBuild(HeavyBuild.ToolPackage)]
    [Fact]
    public void Pack_MakesOnePortableToolPackage_ThatInstallsGlobally_AndWhoseHookRunsTheToolLater()
    {
        string packages = ToolPackages.Portable;
        string cliHome = TempDirectories.Create("cli-home");

        var install = ToolPackages.Install(packages, "LinqSecretScan", cliHome: cliHome);
        string tool = Path.Combine(cliHome, ".dotnet", "tools", "linq-secret-scan");

        Assert.Equal(["LinqSecretScan"], PackageIds(packages));
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Matches(@"^linq-secret-scan \d+\.\d+\.\d+", ProcessRunner.Run(tool, ["--version"], cliHome).StdOut);
        AssertTheInstalledHookRuns(tool);
    }

    [SkippableFact]
    public void NativeToolPackages_InstallTheNativeAotBinary_AndItsHookRunsTheToolFoldersLink_NotTheVersionedStore()
    {
        var (packages, skip) = ToolPackages.Native();
        Skip.If(packages is null, skip);
        string toolPath = TempDirectories.Create("tools");

        var install = ToolPackages.Install(packages!, "LinqSecretScan", toolPath);
        string tool = Path.Combine(toolPath, "linq-secret-scan");

        Assert.Equal(["LinqSecretScan", "LinqSecretScan.any", "LinqSecretScan.linux-x64"], PackageIds(packages!));
        Assert.True(install.ExitCode == 0, install.ToString());
        var target = File.ResolveLinkTarget(tool, returnFinalTarget: true);
        Assert.NotNull(target);
        Assert.Contains("linqsecretscan.linux-x64", target.FullName, StringComparison.Ordinal);
        Assert.Matches(@"^linq-secret-scan \d+\.\d+\.\d+", ProcessRunner.Run(tool, ["--version"], toolPath).StdOut);
        AssertTheInstalledHookRuns(tool);
    }

    [SkippableFact]
    public void NativeToolPackages_TheAnyPackage_IsAPortableFallbackThatRunsOnItsOwn()
    {
        var (packages, skip) = ToolPackages.Native();
        Skip.If(packages is null, skip);
        string toolPath = TempDirectories.Create("tools");

        var install = ToolPackages.Install(packages!, "LinqSecretScan.any", toolPath);
        var version = ProcessRunner.Run(Path.Combine(toolPath, "linq-secret-scan"), ["--version"], toolPath);

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(File.Exists(Path.Combine(toolPath, "linq-secret-scan")));
        Assert.Null(File.ResolveLinkTarget(Path.Combine(toolPath, "linq-secret-scan"), returnFinalTarget: true));
        Assert.Matches(@"^linq-secret-scan \d+\.\d+\.\d+", version.StdOut);
    }

    private void AssertTheInstalledHookRuns(string tool)
    {
        using var repo = new TempGitRepo();
        var installHook = ProcessRunner.Run(tool, ["install"], repo.Root);
        Assert.True(installHook.ExitCode == 0, installHook.ToString());
        Assert.Contains($"installed_scanner='{tool}'", File.ReadAllText(repo.PathOf(".git/hooks/pre-commit")));

        repo.Write("app.py", "import os\n").Stage("app.py");
        var clean = repo.Git("commit", "-m", "clean");
        repo.Write("app.py", $"import os\nTOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git("commit", "-m", "leak");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:2:10", blocked.StdOut + blocked.StdErr);
        Assert.Equal("1", repo.Git("rev-list", "--count", "HEAD").StdOut.Trim());
    }

    /// <summary>Package ids in a pack output folder: file names less the version and extension.</summary>
    private static string[] PackageIds(string folder) =>
        [.. Directory.GetFiles(folder, "*.nupkg")
            .Select(path => System.Text.RegularExpressions.Regex.Replace(Path.GetFileName(path), @"\.\d+\.\d+\.\d+.*\.nupkg$", string.Empty))
            .Order(StringComparer.Ordinal)];
}
