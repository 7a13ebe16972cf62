using LinqSecretScan.Sources;

namespace LinqSecretScan.Fuzz;

/// <summary>Opens <see cref="MemoryRef"/> content, the way a source's reader opens a blob or a file.</summary>
internal sealed class MemoryContentReader : IContentReader
{
    public Stream Open(ContentRef content) => content is MemoryRef memory
        ? new MemoryStream(memory.Bytes, writable: false)
        : throw new ArgumentException($"a memory reader cannot open {content.GetType().Name}", nameof(content));

    public void Dispose()
    {
    }
}
