using System.Buffers;
using System.Text.RegularExpressions;

namespace LinqSecretScan.Rules;

/// <summary>The rules a scan runs, with the keyword index the detector's prefilter uses.</summary>
internal sealed class RuleSet
{
    public RuleSet(IReadOnlyList<Rule> rules, EnvFileRule envFile, IReadOnlySet<string> knownExampleSha256)
    {
        Rules = rules;
        EnvFile = envFile;
        KnownExampleSha256 = knownExampleSha256;
        Keywords = rules.Where(r => r.Paths is null).SelectMany(r => r.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        KeywordSearch = SearchValues.Create(Keywords.ToArray(), StringComparison.OrdinalIgnoreCase);
        PathRules = rules.Where(r => r.Keywords.Count == 0 && r.Paths is not null).ToArray();
    }

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Lockfiles and package metadata, which the built-in rules do not read (null: none).</summary>
    public Regex? PackageArtifacts { get; init; }

    /// <summary>What follows a variable's name where it is given a literal (`= "..."`, `: ...`, `:= ...`, a
    /// Postman `"key": "name", "value": ...`), anchored with \G: how the detector resolves a variable a rule
    /// captured to its value in the same file.</summary>
    public Lazy<Regex>? VariableAssignment { get; init; }

    public EnvFileRule EnvFile { get; }

    public IReadOnlySet<string> KnownExampleSha256 { get; }

    /// <summary>The keywords of rules without paths, searched in every file: the prefilter. (A rule with paths
    /// has its keywords looked for only in the files it applies to.)</summary>
    public IReadOnlyList<string> Keywords { get; }

    public SearchValues<string> KeywordSearch { get; }

    /// <summary>Rules that run on whole files chosen by path, without a keyword.</summary>
    public IReadOnlyList<Rule> PathRules { get; }

    public RuleSet WithExtraRules(IEnumerable<Rule> extra) =>
        new([.. Rules, .. extra], EnvFile, KnownExampleSha256) { PackageArtifacts = PackageArtifacts, VariableAssignment = VariableAssignment };

    public RuleSet WithEnvFile(EnvFileRule envFile) =>
        new(Rules, envFile, KnownExampleSha256) { PackageArtifacts = PackageArtifacts, VariableAssignment = VariableAssignment };
}
