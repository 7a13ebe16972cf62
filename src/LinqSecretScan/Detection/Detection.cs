using LinqSecretScan.Rules;

namespace LinqSecretScan.Detection;

/// <summary>A secret the detector found: which rule, the value, and where it starts in the decoded text.</summary>
internal sealed record Detection(Rule Rule, string Secret, int Offset, int Length);
