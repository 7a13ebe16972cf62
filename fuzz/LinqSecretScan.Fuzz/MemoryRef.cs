using LinqSecretScan.Sources;

namespace LinqSecretScan.Fuzz;

/// <summary>Content held in memory: the fuzz input.</summary>
internal sealed record MemoryRef(byte[] Bytes, string Path) : ContentRef(Path);
