using LinqSecretScan.Completion;

namespace LinqSecretScan.Cli;

/// <summary>What shell completion offers for an option's value or an argument (<see cref="CompletionKind"/>);
/// without it, nothing is offered.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CompleteAttribute(CompletionKind kind) : Attribute
{
    public CompletionKind Kind { get; } = kind;
}
