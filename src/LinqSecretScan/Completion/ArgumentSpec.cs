namespace LinqSecretScan.Completion;

/// <summary>A positional argument of a verb. <see cref="Many"/>: it takes any number of words (always the last
/// argument).</summary>
internal sealed record ArgumentSpec(string MetaName, string HelpText, bool Required, IReadOnlyList<string> Values)
{
    public bool Many { get; init; }

    public CompletionKind Completion { get; init; } = Values.Count > 0 ? CompletionKind.Words : CompletionKind.None;
}
