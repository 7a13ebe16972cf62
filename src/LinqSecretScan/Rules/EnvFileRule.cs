namespace LinqSecretScan.Rules;

/// <summary>The `.env`-style file rule of the contract: `.env`, `.env.&lt;anything&gt;` or `&lt;anything&gt;.env`,
/// unless the last dot-separated part marks a template.</summary>
internal sealed record EnvFileRule(
    string Id,
    string Description,
    IReadOnlySet<string> TemplateSuffixes,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> CounterExamples)
{
    public bool Matches(string path)
    {
        int slash = path.LastIndexOfAny(['/', '\\']);
        string name = path[(slash + 1)..];
        bool envStyle = name.Equals(".env", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase)
            || (name.EndsWith(".env", StringComparison.OrdinalIgnoreCase) && name.Length > 4);
        if (!envStyle)
        {
            return false;
        }

        int lastDot = name.LastIndexOf('.');
        string last = name[(lastDot + 1)..];
        return !TemplateSuffixes.Contains(last);
    }

    public EnvFileRule WithExtraTemplateSuffixes(IEnumerable<string> suffixes)
    {
        var all = new HashSet<string>(TemplateSuffixes, StringComparer.OrdinalIgnoreCase);
        foreach (var s in suffixes)
        {
            all.Add(s.TrimStart('.'));
        }

        return this with { TemplateSuffixes = all };
    }
}
