namespace LinqSecretScan.Rules;

/// <summary>A rule file that cannot be used; the message names the file and the rule.</summary>
internal sealed class RuleLoadException(string message) : Exception(message);
