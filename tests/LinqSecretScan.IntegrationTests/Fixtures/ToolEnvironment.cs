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
