using System.Text.RegularExpressions;

namespace LinqSecretScan.Rules;

/// <summary>One detection rule, loaded from data. Several rules may report under the same <see cref="Id"/>.</summary>
internal sealed record Rule
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    public RuleKind Kind { get; init; } = RuleKind.Regex;

    /// <summary>Case-insensitive literals; the rule runs only near them. With <see cref="Paths"/> set they are looked
    /// for only in files whose path matches; without any, such a rule runs on whole files whose path matches.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public Regex? Paths { get; init; }

    public int LinesBefore { get; init; }

    public int LinesAfter { get; init; }

    /// <summary>Built-in patterns are compiled on first use, so a scan pays only for the rules whose keywords
    /// it meets.</summary>
    public required Lazy<Regex> LazyPattern { get; init; }

    public Regex Pattern => LazyPattern.Value;

    /// <summary>The pattern text after fragment expansion.</summary>
    public required string PatternSource { get; init; }

    /// <summary>True when the pattern (and header and paths) are [GeneratedRegex] methods made from rules.json at build time.</summary>
    public bool IsSourceGenerated { get; init; }

    public Lazy<Regex>? LazyHeader { get; init; }

    public Regex? Header => LazyHeader?.Value;

    public SecretType SecretType { get; init; } = SecretType.CredentialValue;

    /// <summary>For <see cref="RuleKind.Request"/>: the hosts (a host or any subdomain of it) a request must go to.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    public RuleAcceptance Accept { get; init; } = RuleAcceptance.Always;

    /// <summary>True for the rules of the embedded rule file (package artefacts are not read by them).</summary>
    public bool IsBuiltIn { get; init; }

    public IReadOnlyList<string> Examples { get; init; } = [];

    public IReadOnlyList<string> CounterExamples { get; init; } = [];

    public string? ExamplePath { get; init; }
}
