using System.Text.Json;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The integration tier's scanner: the real command-line program as its own process, run from its own build output (src/LinqSecretScan/bin/CONFIG/TFM), not
/// from the test folder: the tests reference ASP.NET Core's shared framework for Kestrel, which would leave the
/// app's own copies of shared-framework packages (FileSystemGlobbing) out of the test folder.</summary>
internal static class Scanner
{
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_UNDER_TEST") is { Length: > 0 } overridden
            ? overridden
            : AppBuildOutput();

    private static string AppBuildOutput()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testOutput.Name;
        string configuration = testOutput.Parent!.Name;
        string name = OperatingSystem.IsWindows() ? "LinqSecretScan.exe" : "LinqSecretScan";
        string path = Path.Combine(RepositoryPaths.Root, "src", "LinqSecretScan", "bin", configuration, framework, name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"the scanner was not built at {path}");
    }

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory);

    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory, environment);

    /// <summary>With <paramref name="standardInput"/> on standard input (commits --stdin).</summary>
    public static ProcessResult RunWithInput(string workingDirectory, string standardInput, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory, standardInput: standardInput);

    /// <summary>Runs with a hang guard: a scan that does not end within <paramref name="limit"/> fails the test. A
    /// guard against hangs, generous on purpose: speed is measured by the benchmarks, not asserted here.</summary>
    public static ProcessResult RunWithin(TimeSpan limit, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory, environment, timeout: limit);

    /// <summary>Runs with --format json and returns the parsed findings.</summary>
    public static (ProcessResult Result, List<JsonElement> Findings) Json(string workingDirectory, params string[] arguments)
    {
        var result = Run(workingDirectory, [.. arguments, "--format", "json"]);
        return (result, ParseFindings(result));
    }

    public static List<JsonElement> ParseFindings(ProcessResult result)
    {
        if (result.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"scan failed: {result}");
        }

        using var doc = JsonDocument.Parse(result.StdOut);
        return doc.RootElement.GetProperty("findings").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
