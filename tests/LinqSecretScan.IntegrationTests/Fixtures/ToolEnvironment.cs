namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Environment for the dotnet and npm processes that tests start. Tests run with an empty HOME
/// (<see cref="GitEnvironment"/>), which would send every restore back to the registries for packages this machine
/// already has, and lose the user's npm settings (such as the certificate file the registry needs here).</summary>
internal static class ToolEnvironment
{
    private static readonly string RealHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static IReadOnlyDictionary<string, string?> Dotnet { get; } = new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(RealHome, ".nuget", "packages"),
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    /// <summary>For the builds the tests start to make artifacts (the NativeAOT release, the tool package, pre-commit's
    /// pack): <see cref="Dotnet"/> without the Roslyn analyzers (RunAnalyzers=false, which MSBuild reads from the
    /// environment, so it reaches pre-commit's own `dotnet pack` and nested packs too). Analyzers only report; the
    /// assembly is byte-for-byte the same without them (Deterministic), and the suite's own build of src/ runs them
    /// with warnings as errors. On two cores they were two thirds of each Release compile (a pack: 94 s, 29 s without).</summary>
    public static IReadOnlyDictionary<string, string?> ArtifactBuild { get; } = new Dictionary<string, string?>(Dotnet)
    {
        ["RunAnalyzers"] = "false",
    };

    public static IReadOnlyDictionary<string, string?> Npm { get; } = new Dictionary<string, string?>
    {
        ["npm_config_userconfig"] = Path.Combine(RealHome, ".npmrc"),
        ["npm_config_cache"] = Path.Combine(RealHome, ".npm"),
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
    };

    /// <summary>The given environments merged, later ones winning, with <paramref name="pathPrefix"/> put in front
    /// of PATH.</summary>
    public static Dictionary<string, string?> Merge(string? pathPrefix, params IReadOnlyDictionary<string, string?>[] environments)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var environment in environments)
        {
            foreach (var (key, value) in environment)
            {
                merged[key] = value;
            }
        }

        if (pathPrefix is not null)
        {
            merged["PATH"] = pathPrefix + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        return merged;
    }
}
