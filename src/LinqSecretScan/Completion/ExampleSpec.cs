namespace LinqSecretScan.Completion;

/// <summary>A usage example: what it does, and the command line.</summary>
internal sealed record ExampleSpec(string Description, string CommandLine);
