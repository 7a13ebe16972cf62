namespace LinqSecretScan.Cli;

/// <summary>Bad usage: exit 2 with a one-line reason.</summary>
internal sealed class UsageException(string message) : Exception(message);
