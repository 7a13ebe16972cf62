using System.Buffers;

namespace LinqSecretScan.Rules;

/// <summary>The rules a scan runs, with the keyword index the detector's prefilter uses.</summary>
internal sealed class RuleSet
{
    public RuleSet(IReadOnlyList<Rule> rules, EnvFileRule envFile, IReadOnlySet<string> knownExampleSha256)
    {
        Rules = rules;
        EnvFile = envFile;
        KnownExampleSha256 = knownExampleSha256;
        Keywords = rules.SelectMany(r => r.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        KeywordSearch = SearchValues.Create(Keywords.ToArray(), StringComparison.OrdinalIgnoreCase);
        PathRules = rules.Where(r => r.Keywords.Count == 0 && r.Paths is not null).ToArray();
    }

    public IReadOnlyList<Rule> Rules { get; }

    public EnvFileRule EnvFile { get; }

    public IReadOnlySet<string> KnownExampleSha256 { get; }

    public IReadOnlyList<string> Keywords { get; }

    public SearchValues<string> KeywordSearch { get; }

    /// <summary>Rules that run on whole files chosen by path, without a keyword.</summary>
    public IReadOnlyList<Rule> PathRules { get; }

    public RuleSet WithExtraRules(IEnumerable<Rule> extra) =>
        new([.. Rules, .. extra], EnvFile, KnownExampleSha256);

    public RuleSet WithEnvFile(EnvFileRule envFile) => new(Rules, envFile, KnownExampleSha256);
}
