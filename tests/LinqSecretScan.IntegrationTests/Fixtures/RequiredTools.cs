using System.Text.Json;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The tools outside the .NET SDK that the integration tests drive. `.ci/install-tools` installs every one of
/// them (the Debian packages with apt-get, the npm packages into <see cref="Folder"/>), and `.ci/run` calls it first. A
/// test never installs anything itself, and a missing tool fails the test, saying what to run: a test that skips when
/// its tool is missing would let CI pass without checking what it claims to check.</summary>
internal static class RequiredTools
{
    private const string Install = "run .ci/install-tools (as root, for the Debian packages) before the integration tests";

    /// <summary>Where .ci/install-tools puts the npm packages: LINQ_SECRET_SCAN_TEST_TOOLS, or
    /// ~/.cache/linq-secret-scan/test-tools (the same rule as the script's).</summary>
    public static string Folder { get; } =
        Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_TEST_TOOLS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "linq-secret-scan",
                "test-tools");

    /// <summary>The full path of <paramref name="command"/> on PATH (from the Debian package <paramref name="package"/>).</summary>
    public static string Command(string command, string package) =>
        Executables.Find(command) ?? throw Missing($"{command} is not on PATH (Debian package {package})");

    /// <summary>The node_modules folder that holds the npm package <paramref name="name"/> at <paramref name="version"/>.</summary>
    public static string NodeModules(string name, string version)
    {
        string nodeModules = Path.Combine(Folder, "npm", "node_modules");
        string manifest = Path.Combine(nodeModules, name, "package.json");
        string? installed = null;
        if (File.Exists(manifest))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            installed = document.RootElement.TryGetProperty("version", out var value) ? value.GetString() : null;
        }

        return installed == version
            ? nodeModules
            : throw Missing($"the npm package {name}@{version} is not in {nodeModules}" + (installed is null ? string.Empty : $" (found {installed})"));
    }

    /// <summary>Fails unless python3 can import <paramref name="module"/> (from the Debian package <paramref name="package"/>).</summary>
    public static void PythonModule(string module, string package)
    {
        Command("python3", "python3");
        if (ProcessRunner.Run("python3", ["-c", $"import {module}"], Path.GetTempPath()).ExitCode != 0)
        {
            throw Missing($"python3 cannot import {module} (Debian package {package})");
        }
    }

    private static InvalidOperationException Missing(string what) => new($"{what}: {Install}");
}
