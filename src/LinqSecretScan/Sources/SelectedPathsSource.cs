namespace LinqSecretScan.Sources;

/// <summary>The items of another source at a given set of paths: the staged changes to the files the pre-commit
/// framework passes during a commit. The other source's items are listed once, up front (the staged source lists
/// them up front anyway), so that the caller can first learn whether every path is among them.</summary>
internal sealed class SelectedPathsSource : IScanSource
{
    private readonly IScanSource _inner;
    private readonly List<ScanItem> _items;

    private SelectedPathsSource(IScanSource inner, List<ScanItem> items)
    {
        _inner = inner;
        _items = items;
    }

    /// <summary><paramref name="inner"/> narrowed to <paramref name="paths"/> ('/'-separated, relative to its root)
    /// when each of them is one of its items; null otherwise, with <paramref name="inner"/> left to the caller.</summary>
    public static SelectedPathsSource? WhenAllPresent(IScanSource inner, IReadOnlyCollection<string> paths)
    {
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        var items = inner.Items(new ScanProgress()).Where(i => wanted.Contains(i.Path)).ToList();
        return items.Select(i => i.Path).ToHashSet(StringComparer.Ordinal).SetEquals(wanted) ? new SelectedPathsSource(inner, items) : null;
    }

    public string Description => _inner.Description;

    public string RootDirectory => _inner.RootDirectory;

    public bool ReportFirstIntroductionOnly => _inner.ReportFirstIntroductionOnly;

    public IReadOnlyList<string> Problems => _inner.Problems;

    public IReadOnlyList<string> Warnings => _inner.Warnings;

    public IEnumerable<ScanItem> Items(ScanProgress progress) => _items;

    public IContentReader CreateReader() => _inner.CreateReader();

    public IContentReader CreateMainReader() => _inner.CreateMainReader();

    public ScanItem? ItemAtHead(string path) => _inner.ItemAtHead(path);

    public void Dispose() => _inner.Dispose();
}
