using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>What makes two items' detections the same: identical content under the same path-restricted rules (the
/// index of the rules' signature, <see cref="Detection.PathRuleSignature"/>, among those the scan met; nearly always 0).
/// 24 bytes: a history keeps one per distinct blob.</summary>
internal readonly record struct ContentCacheKey(ContentKey Content, int PathRules);
