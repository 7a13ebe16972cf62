using System.Collections;

namespace LinqSecretScan.Core;

/// <summary>What the process was started with: its working directory and its environment variables, read once by
/// Program and handed down. Nothing else reads the environment or the current directory (ArchitectureTests checks
/// it), so every switch is read once, child processes get exactly these variables, and a test can run the whole
/// program in-process with a directory and variables of its own.</summary>
internal sealed class HostEnvironment
{
    private readonly Dictionary<string, string> _variables;

    public HostEnvironment(string workingDirectory, IEnumerable<KeyValuePair<string, string>> variables)
    {
        WorkingDirectory = Path.IsPathRooted(workingDirectory)
            ? workingDirectory
            : throw new ArgumentException($"not an absolute path: {workingDirectory}", nameof(workingDirectory));
        _variables = new Dictionary<string, string>(variables, StringComparer.Ordinal);
    }

    public string WorkingDirectory { get; }

    /// <summary>Every variable, for the child processes this program starts (git).</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>The process's own, read now: only Program calls this, once.</summary>
    public static HostEnvironment FromProcess()
    {
        var variables = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables.Add(new KeyValuePair<string, string>((string)entry.Key, (string?)entry.Value ?? string.Empty));
        }

        return new HostEnvironment(Directory.GetCurrentDirectory(), variables);
    }

    /// <summary>A variable's value; null when it is unset or empty (git and the hooks treat both alike).</summary>
    public string? Variable(string name) => _variables.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;

    /// <summary>A path the user gave, relative to the working directory the program started in.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
