using LinqSecretScan.Rules;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>A source item after detection, handed on in source order: what its content holds (shared by every item
/// with the same content), and the .env-style rule when the item's file name itself is to be reported.</summary>
internal sealed record ScannedItem(ScanItem Item, IReadOnlyList<LocatedDetection> Detections, EnvFileRule? EnvFile);
