using System.Collections.Concurrent;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Scanning;

/// <summary>Content readers for the workers (each opens its own repository handle on first use) and one for the
/// calling thread.</summary>
internal sealed class ReaderPool(IScanSource source) : IDisposable
{
    private readonly ConcurrentBag<IContentReader> _idle = [];
    private readonly ConcurrentBag<IContentReader> _all = [];
    private IContentReader? _main;

    /// <summary>The calling thread's own reader.</summary>
    public IContentReader Main => _main ??= Track(source.CreateMainReader());

    public IContentReader Rent() => _idle.TryTake(out var reader) ? reader : Track(source.CreateReader());

    public void Return(IContentReader reader) => _idle.Add(reader);

    private IContentReader Track(IContentReader reader)
    {
        _all.Add(reader);
        return reader;
    }

    public void Dispose()
    {
        foreach (var reader in _all)
        {
            reader.Dispose();
        }
    }
}
