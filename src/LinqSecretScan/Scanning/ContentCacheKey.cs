using LinqSecretScan.Detection;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>What makes two items' detections the same: identical content under the same path-restricted rules.</summary>
internal readonly record struct ContentCacheKey(ContentKey Content, PathRuleSignature PathRules);
