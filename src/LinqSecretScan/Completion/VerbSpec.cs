namespace LinqSecretScan.Completion;

/// <summary>A verb as help and completion show it, read from its options type. Its arguments and options are read
/// when first asked for, its examples when help first shows them: reading them is reflection over attributes, and
/// formatting the examples goes through CommandLineParser's; a run needs only its own verb's, and read for every verb
/// they were about a quarter of the NativeAOT build's start-up (`--version`: 17 ms of CPU against 12 ms before them).</summary>
internal sealed record VerbSpec(
    Type OptionsType,
    string Name,
    string HelpText,
    Lazy<(IReadOnlyList<ArgumentSpec> Arguments, IReadOnlyList<OptionSpec> Options)> LazyMembers,
    Lazy<IReadOnlyList<ExampleSpec>> LazyExamples)
{
    public IReadOnlyList<ArgumentSpec> Arguments => LazyMembers.Value.Arguments;

    public IReadOnlyList<OptionSpec> Options => LazyMembers.Value.Options;

    public IReadOnlyList<ExampleSpec> Examples => LazyExamples.Value;
}
