namespace LinqSecretScan.Sources;

/// <summary>Where an item's content lives. Only the source's readers know how to open it, so content can be read on
/// worker threads, each with its own reader.</summary>
internal abstract record ContentRef(string Path);
