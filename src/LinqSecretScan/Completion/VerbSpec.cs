namespace LinqSecretScan.Completion;

/// <summary>A verb as help and completion show it, read from its options type.</summary>
internal sealed record VerbSpec(
    Type OptionsType,
    string Name,
    string HelpText,
    IReadOnlyList<ArgumentSpec> Arguments,
    IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<ExampleSpec> Examples);
