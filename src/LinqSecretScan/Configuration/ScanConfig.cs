using LinqSecretScan.Rules;
using Microsoft.Extensions.FileSystemGlobbing;

namespace LinqSecretScan.Configuration;

/// <summary>`.linqsecretscan.json`: what to leave out, what else to look for, and how big a file may be.</summary>
internal sealed record ScanConfig
{
    public const string DefaultName = ".linqsecretscan.json";

    /// <summary>512 MiB: larger files are not scanned, and the scan says so and is incomplete.</summary>
    public const long DefaultMaxFileSize = 512L * 1024 * 1024;

    public static ScanConfig Default { get; } = new();

    public IReadOnlyList<string> EnvTemplateSuffixes { get; init; } = [];

    public long MaxFileSize { get; init; } = DefaultMaxFileSize;

    public IReadOnlyList<Rule> CustomRules { get; init; } = [];

    /// <summary>Paths matched by the exclude globs are not scanned at all.</summary>
    public Func<string, bool> IsExcluded { get; init; } = _ => false;

    public static Func<string, bool> GlobMatcher(IReadOnlyList<string> globs)
    {
        if (globs.Count == 0)
        {
            return _ => false;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(globs);
        return path => matcher.Match(path).HasMatches;
    }
}
