namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The dotnet tool packages, built once per run in <see cref="SourceCopy"/> with the README's commands, and
/// installed the way users install them (from the built folder only, never from a registry).</summary>
internal static class ToolPackages
{
    private static readonly Lazy<string> PortableBuild = new(PackWithTheReleaseScript);
    /// <summary>The NativeAOT package set is a second NativeAOT compile (about two minutes on two cores): it runs
    /// when LINQ_SECRET_SCAN_SLOW_TESTS=1, so the default suite stays well inside CI's budget.</summary>
    private static readonly Lazy<(string? Folder, string? SkipReason)> NativeBuild = new(() =>
        Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_SLOW_TESTS") != "1"
            ? (null, "the NativeAOT tool package set takes about two minutes to build; run with LINQ_SECRET_SCAN_SLOW_TESTS=1")
            : NativeAotBuild.MissingPrerequisite() is { } missing ? (null, missing) : (Pack("native", "-p:NativeToolPackages=true"), null));

    private static readonly Lazy<string> NoSourcesConfig = new(() =>
    {
        string path = Path.Combine(TempDirectories.Create("nuget"), "nuget.config");
        File.WriteAllText(path, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n");
        return path;
    });

    /// <summary>What `release/build.sh tool VERSION DIR` makes: `dotnet pack src/LinqSecretScan -c Release -o DIR` with the
    /// version given, and the package's .sha256 beside it.</summary>
    public static string Portable => PortableBuild.Value;

    /// <summary>What `dotnet pack src/LinqSecretScan -c Release -o DIR -p:NativeToolPackages=true` makes, or why it
    /// cannot be built here.</summary>
    public static (string? Folder, string? SkipReason) Native() => NativeBuild.Value;

    /// <summary>`dotnet tool install` from <paramref name="folder"/> alone, into <paramref name="toolPath"/>, or globally
    /// (into DOTNET_CLI_HOME=<paramref name="cliHome"/>) when no tool path is given.</summary>
    public static ProcessResult Install(string folder, string packageId, string? toolPath = null, string? cliHome = null)
    {
        string[] where = toolPath is null ? ["--global"] : ["--tool-path", toolPath];
        var environment = new Dictionary<string, string?>(ToolEnvironment.Dotnet);
        if (cliHome is not null)
        {
            environment["DOTNET_CLI_HOME"] = cliHome;
        }

        return ProcessRunner.Run(
            "dotnet",
            ["tool", "install", .. where, "--configfile", NoSourcesConfig.Value, "--add-source", folder, packageId],
            Path.GetTempPath(),
            environment,
            timeout: TimeSpan.FromMinutes(3));
    }

    private static string PackWithTheReleaseScript() => HeavyBuilds.Run(() =>
    {
        string output = TempDirectories.Create("pkg-portable");
        var result = ProcessRunner.Run(
            "bash",
            ["release/build.sh", "tool", NativeAotBuild.Version, output, "-p:NuGetAudit=false"],
            SourceCopy.Root,
            ToolEnvironment.ArtifactBuild,
            timeout: TimeSpan.FromMinutes(15));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"release/build.sh tool failed: {result}");
        }

        return output;
    });

    private static string Pack(string name, params string[] extra) => HeavyBuilds.Run(() =>
    {
        string output = TempDirectories.Create("pkg-" + name);
        var result = ProcessRunner.Run(
            "dotnet",
            ["pack", "src/LinqSecretScan", "-c", "Release", "-o", output, "-nologo", "-p:NuGetAudit=false", .. extra],
            SourceCopy.Root,
            ToolEnvironment.ArtifactBuild,
            timeout: TimeSpan.FromMinutes(15));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack ({name}) failed: {result}");
        }

        return output;
    });
}
