namespace LinqSecretScan.Completion;

/// <summary>One option of a verb as help and completion show it. <see cref="MetaValue"/> names what a value is:
/// PATH completes directories, FILE files; <see cref="Values"/> lists the accepted words.</summary>
internal sealed record OptionSpec(
    string? ShortName,
    string LongName,
    string? MetaValue,
    string HelpText,
    string? Default,
    IReadOnlyList<string> Values)
{
    /// <summary>The option CommandLineParser adds to every verb (AutoHelp).</summary>
    public static OptionSpec Help { get; } = new(null, "help", null, "Show this help.", null, []);

    /// <summary>The option CommandLineParser adds to every verb (AutoVersion); shown at the top level only.</summary>
    public static OptionSpec Version { get; } = new(null, "version", null, "Print the version.", null, []);

    public bool TakesValue => MetaValue is not null;
}
