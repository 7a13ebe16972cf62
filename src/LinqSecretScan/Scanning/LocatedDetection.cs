using LinqSecretScan.Rules;

namespace LinqSecretScan.Scanning;

/// <summary>A detection with its place in the content and whether an allow comment covers it; what the scanner
/// keeps per distinct content, without the content itself.</summary>
internal sealed record LocatedDetection(Rule Rule, string Secret, long Line, int Column, int Length, bool Allowed);
