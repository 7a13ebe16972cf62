namespace LinqSecretScan.Core;

/// <summary>The scan cannot be completed (not a repository, bad range, unreadable index, bad config). Its
/// message is the one line the user sees; exit code 2.</summary>
internal sealed class ScanException(string message, Exception? inner = null) : Exception(message, inner);
