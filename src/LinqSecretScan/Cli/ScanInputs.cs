using LinqSecretScan.Configuration;
using LinqSecretScan.Core;
using LinqSecretScan.Filters;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Cli;

/// <summary>What a scan of <c>root</c> is configured by: the config file (--config, or the default one at the root),
/// the built-in rules with its custom rules and .env template suffixes, and the ignore file (--ignore-file, or the
/// default one). Shared by the scan verbs and purge-kit.</summary>
internal sealed record ScanInputs(ScanConfig Config, RuleSet Rules, IgnoreFile IgnoreFile)
{
    public static ScanInputs Load(HostEnvironment host, string root, string? configOption, string? ignoreFileOption)
    {
        var config = ConfigLoader.Load(
            configOption is not null ? host.FullPath(configOption) : Path.Combine(root, ScanConfig.DefaultName),
            explicitlyNamed: configOption is not null);
        var builtIn = RuleLoader.BuiltIn;
        var rules = builtIn.WithExtraRules(config.CustomRules).WithEnvFile(builtIn.EnvFile.WithExtraTemplateSuffixes(config.EnvTemplateSuffixes));
        var ignoreFile = IgnoreFile.Load(
            ignoreFileOption is not null ? host.FullPath(ignoreFileOption) : Path.Combine(root, IgnoreFile.DefaultName),
            explicitlyNamed: ignoreFileOption is not null);
        return new ScanInputs(config, rules, ignoreFile);
    }
}
