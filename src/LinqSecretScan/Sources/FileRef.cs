namespace LinqSecretScan.Sources;

/// <summary>A file on disk.</summary>
internal sealed record FileRef(string FullPath, string Path) : ContentRef(Path);
