namespace LinqSecretScan.Rules;

internal enum RuleKind
{
    /// <summary>The pattern is searched in the lines around each keyword hit (or the whole file for path rules).</summary>
    Regex,

    /// <summary>A header pattern opens a config section (JSON object, YAML mapping, INI/TOML table) and the
    /// pattern is searched inside that section only.</summary>
    Section,
}
