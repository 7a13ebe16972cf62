using System.Collections.Concurrent;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>npm packages installed once per test run into a temp folder (hook managers from the npm registry).
/// Without npm or the registry the tests that need them skip and say why.</summary>
internal static class NpmPackages
{
    private static readonly ConcurrentDictionary<string, Lazy<(string? NodeModules, string? SkipReason)>> Installs = new();

    /// <summary>The node_modules folder holding <paramref name="spec"/> (name@version), or why there is none.</summary>
    public static (string? NodeModules, string? SkipReason) Install(string spec) =>
        Installs.GetOrAdd(spec, s => new Lazy<(string?, string?)>(() => Run(s))).Value;

    private static (string? NodeModules, string? SkipReason) Run(string spec)
    {
        if (Executables.Find("npm") is null || Executables.Find("node") is null)
        {
            return (null, "node and npm are not installed");
        }

        string prefix = TempDirectories.Create("npm");
        File.WriteAllText(Path.Combine(prefix, "package.json"), "{ \"name\": \"lss-test-tools\", \"private\": true }\n");
        var result = ProcessRunner.Run(
            "npm",
            ["install", "--no-save", "--no-package-lock", spec],
            prefix,
            ToolEnvironment.Npm,
            timeout: TimeSpan.FromMinutes(5));
        string nodeModules = Path.Combine(prefix, "node_modules");
        return result.ExitCode == 0 && Directory.Exists(nodeModules)
            ? (nodeModules, null)
            : (null, $"npm install {spec} failed (is the npm registry reachable?): {result.StdErr.Trim().Split('\n')[^1]}");
    }
}
