namespace LinqSecretScan.Sources;

/// <summary>Opens content for one thread at a time. A scanner keeps one reader per worker.</summary>
internal interface IContentReader : IDisposable
{
    /// <summary>Content up to this many bytes is read whole by the scanner (<c>ContentScanner</c>), larger content in
    /// chunks: a reader that reads ahead holds at most this much per answer, and streams what is larger.</summary>
    public const int WholeReadLimit = 16 << 20;

    /// <summary>A readable stream of the bytes as stored, whose Length is known. Throws
    /// <see cref="ObjectReadException"/> when the content cannot be read.</summary>
    Stream Open(ContentRef content);

    /// <summary>Says, in the order the scanner starts them, which content is about to be opened (exactly once, by any
    /// reader of the same source), so a reader that can ask ahead does (<see cref="Git.Cli.CatFilePipeline"/>).</summary>
    void Expect(ContentRef content)
    {
    }
}
