namespace LinqSecretScan.Sources.Files;

/// <summary>A file on disk.</summary>
internal sealed record FileRef(string FullPath, string Path) : ContentRef(Path)
{
    /// <summary>The length its directory entry gave when it was listed; null when not known.</summary>
    public long? Length { get; init; }
}
