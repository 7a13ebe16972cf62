namespace LinqSecretScan.Cli;

/// <summary>The values an option or argument accepts, for shell completion and help. CommandLineParser takes any
/// string there; the command checks it.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CompletionValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}
