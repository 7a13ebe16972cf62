using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LinqSecretScan.Cli;
using LinqSecretScan.Core;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The fast tier's scanner: the whole program (Program.Run, the same code the executable runs) called
/// in-process, with the test's working directory and environment handed in the way Program hands in the process's,
/// and standard output and error captured. No process starts, so a scan test costs milliseconds; what only a real
/// process shows (hooks run by git, the NativeAOT binary, packaging) is the integration tier's
/// (tests/LinqSecretScan.IntegrationTests), whose Scanner runs the executable with the same methods.</summary>
internal static class Scanner
{
    /// <summary>The test process's own environment as the scanner sees it: the variables every test has
    /// (<see cref="GitEnvironment.Isolated"/>) over the process's (PATH, for git).</summary>
    private static readonly IReadOnlyDictionary<string, string?> Base = BaseEnvironment();

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, null, null, arguments);

    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        Run(workingDirectory, environment, null, arguments);

    /// <summary>With <paramref name="standardInput"/> on standard input (commits --stdin).</summary>
    public static ProcessResult RunWithInput(string workingDirectory, string standardInput, params string[] arguments) =>
        Run(workingDirectory, null, standardInput, arguments);

    /// <summary>Runs with a hang guard: a scan that does not end within <paramref name="limit"/> fails the test (its
    /// thread is left behind). A guard against hangs, generous on purpose: speed is measured by the benchmarks.</summary>
    public static ProcessResult RunWithin(TimeSpan limit, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var run = Task.Factory.StartNew(() => Run(workingDirectory, environment, null, arguments), TaskCreationOptions.LongRunning);
        return run.Wait(limit) ? run.Result : throw new TimeoutException($"linq-secret-scan {string.Join(' ', arguments)} did not finish in {limit}");
    }

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

    private static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string? standardInput, string[] arguments)
    {
        var variables = new Dictionary<string, string?>(Base, StringComparer.Ordinal);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        var host = new HostEnvironment(
            Path.GetFullPath(workingDirectory),
            variables.Where(kv => kv.Value is not null).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!)));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var terminal = new Terminal(new StringReader(standardInput ?? string.Empty), stdout, stderr, false, false);
        int exitCode = Program.Run(arguments, terminal, host);
        return new ProcessResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string?> BaseEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value;
        }

        foreach (var (name, value) in GitEnvironment.Isolated)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>libgit2 inside this process reads the global git config from HOME, as git does in the test's child
    /// processes: point it at the same empty home before anything loads libgit2.</summary>
    [ModuleInitializer]
    internal static void IsolateThisProcess()
    {
        foreach (string name in (string[])["HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL"])
        {
            Environment.SetEnvironmentVariable(name, GitEnvironment.Isolated[name]);
        }
    }
}
