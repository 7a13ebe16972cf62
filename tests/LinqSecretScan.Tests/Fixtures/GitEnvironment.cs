namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Git and the scanner run in tests without the machine's global or system git config, with a fixed
/// identity, so a developer's settings cannot change a result. The empty home is a temp folder deleted when the run
/// ends.</summary>
internal static class GitEnvironment
{
    private static readonly string EmptyHome = CreateHome();

    public static IReadOnlyDictionary<string, string?> Isolated { get; } = new Dictionary<string, string?>
    {
        ["HOME"] = EmptyHome,
        ["XDG_CONFIG_HOME"] = Path.Combine(EmptyHome, ".config"),
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = Path.Combine(EmptyHome, ".gitconfig"),
        ["GIT_AUTHOR_NAME"] = "Test Author",
        ["GIT_AUTHOR_EMAIL"] = "author@example.invalid",
        ["GIT_COMMITTER_NAME"] = "Test Committer",
        ["GIT_COMMITTER_EMAIL"] = "committer@example.invalid",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_INDEX_FILE"] = null,
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["LINQ_SECRET_SCAN"] = null,
        ["LINQ_SECRET_SCAN_HOOK_ARGS"] = null,
        ["NO_COLOR"] = "1",
    };

    /// <summary>The environment the scanner's classes see in a test: the process's own (PATH, for git) under
    /// <see cref="Isolated"/>, working in <paramref name="workingDirectory"/>.</summary>
    public static LinqSecretScan.Core.HostEnvironment Host(string workingDirectory)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        foreach (var (name, value) in Isolated)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        return new LinqSecretScan.Core.HostEnvironment(workingDirectory, variables);
    }

    private static string CreateHome()
    {
        string home = TempDirectories.Create("home");
        File.WriteAllText(Path.Combine(home, ".gitconfig"), "[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n");
        return home;
    }
}
