using System.Text.Json;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The real command-line program, as built next to the tests (the apphost of the referenced project).</summary>
internal static class Scanner
{
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_UNDER_TEST") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "LinqSecretScan.exe" : "LinqSecretScan");

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory);

    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.Run(ExecutablePath, arguments, workingDirectory, environment);

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
