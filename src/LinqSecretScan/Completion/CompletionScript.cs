
namespace LinqSecretScan.Completion;

/// <summary>The completion script for a shell, generated from the verbs and options the parser knows.</summary>
internal static class CompletionScript
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish"];

    public static string For(string shell, IReadOnlyList<VerbSpec> verbs) => shell switch
    {
        "bash" => BashCompletion.Generate(verbs),
        "zsh" => ZshCompletion.Generate(verbs),
        "fish" => FishCompletion.Generate(verbs),
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, $"no completion for shell '{shell}' (expected {string.Join(", ", Shells)})"),
    };

    /// <summary>The first sentence of a help text, for shells that show one line per candidate.</summary>
    public static string Summary(string helpText)
    {
        int end = helpText.Replace("e.g. ", "e.g._", StringComparison.Ordinal).IndexOf(". ", StringComparison.Ordinal);
        string first = end < 0 ? helpText : helpText[..end];
        return first.TrimEnd('.');
    }

    /// <summary>Every name an option answers to: -C and --repo.</summary>
    public static IEnumerable<string> Names(OptionSpec option) =>
        option.ShortName is null ? [$"--{option.LongName}"] : [$"-{option.ShortName}", $"--{option.LongName}"];

    /// <summary>The repository's remotes, one per line (for <see cref="CompletionKind.Remotes"/>).</summary>
    public const string RemotesCommand = "git remote 2>/dev/null";

    /// <summary>The repository's branches, remote-tracking branches and tags, one per line (for
    /// <see cref="CompletionKind.Revisions"/>).</summary>
    public const string RevisionsCommand = "git for-each-ref --format=%\\(refname:short\\) refs/heads refs/remotes refs/tags 2>/dev/null";

    /// <summary>`linq-secret-scan --help` and `--version` work without a verb.</summary>
    public static IReadOnlyList<OptionSpec> TopLevelOptions { get; } = [OptionSpec.Help, OptionSpec.Version];
}
