namespace LinqSecretScan.Completion;

/// <summary>A positional argument of a verb.</summary>
internal sealed record ArgumentSpec(string MetaName, string HelpText, bool Required, IReadOnlyList<string> Values);
