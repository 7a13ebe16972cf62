namespace LinqSecretScan.Rules;

internal enum RuleKind
{
    /// <summary>The pattern is searched in the lines around each keyword hit (or the whole file for path rules).</summary>
    Regex,

    /// <summary>A header pattern opens a config section (JSON object, YAML mapping, INI/TOML table, a code block)
    /// and the pattern is searched inside that section only.</summary>
    Section,

    /// <summary>The pattern finds a credential sent in a request; it runs over the whole file once a keyword is
    /// there, and a match counts when the request's URL (the nearest URL in the file) is one of the rule's hosts.</summary>
    Request,

    /// <summary>The pattern runs over the whole file once a keyword is there; <see cref="Rule.Accept"/> decides
    /// which matches count.</summary>
    File,

    /// <summary>Kubernetes Secret manifests: the header finds `kind: Secret`, the pattern the entries of its
    /// `data:` (base64, decoded before they are judged) and `stringData:` maps.</summary>
    KubernetesSecret,
}
