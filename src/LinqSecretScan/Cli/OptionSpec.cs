namespace LinqSecretScan.Cli;

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
    public bool TakesValue => MetaValue is not null;
}
