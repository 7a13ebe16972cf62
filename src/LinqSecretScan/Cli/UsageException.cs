namespace LinqSecretScan.Cli;

/// <summary>Bad usage: exit 2 with a one-line reason. <see cref="Verb"/> names the command whose help the message
/// points to (the program's when null).</summary>
internal sealed class UsageException(string message, string? verb = null) : Exception(message)
{
    public string? Verb { get; } = verb;
}
