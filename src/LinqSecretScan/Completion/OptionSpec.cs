namespace LinqSecretScan.Completion;

/// <summary>One option of a verb as the strict parser, help and completion see it. <see cref="MetaValue"/> names
/// what a value is (null for a switch); <see cref="Values"/> lists the accepted words; <see cref="IsNumber"/> says
/// the value must be a plain decimal number; <see cref="Completion"/> says what a shell may offer for it.</summary>
internal sealed record OptionSpec(
    string? ShortName,
    string LongName,
    string? MetaValue,
    string HelpText,
    string? Default,
    IReadOnlyList<string> Values)
{
    /// <summary>-h and --help, which every verb and the program take (the strict parser in Cli reads them;
    /// CommandLineParser never sees them).</summary>
    public static OptionSpec Help { get; } = new("h", "help", null, "Show this help.", null, []);

    /// <summary>--version, taken on its own at the top level only.</summary>
    public static OptionSpec Version { get; } = new(null, "version", null, "Print the version.", null, []);

    public bool TakesValue => MetaValue is not null;

    public bool IsNumber { get; init; }

    public CompletionKind Completion { get; init; } = Values.Count > 0 ? CompletionKind.Words : CompletionKind.None;

    /// <summary>How help and messages name it: `--repo`.</summary>
    public string Display => $"--{LongName}";
}
