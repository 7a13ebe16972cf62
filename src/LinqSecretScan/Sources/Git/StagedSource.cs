
namespace LinqSecretScan.Sources.Git;

/// <summary>What the next commit adds: the index (the one named by GIT_INDEX_FILE when git runs a hook) against
/// HEAD. An unborn HEAD means everything staged is new. Renames are detected so a moved file only reports what
/// changed in it; deletions, submodules and symlinks carry no content of their own and are skipped. How the index
/// and the blobs are read is <see cref="GitAccess"/>'s choice.</summary>
internal sealed class StagedSource : IScanSource
{
    private readonly GitAccess _access;
    private readonly IStagedChanges _changes;
    private readonly List<string> _problems = [];
    private Cli.PromisorFetcher? _fetcher;

    private StagedSource(GitAccess access)
    {
        _access = access;
        _changes = access.StagedChanges();
    }

    public static IScanSource Open(GitAccess access)
    {
        try
        {
            return new StagedSource(access);
        }
        catch
        {
            access.Dispose();
            throw;
        }
    }

    public IContentReader CreateReader() => _access.CreateReader();

    public IContentReader CreateMainReader() => _access.CreateMainReader();

    public string Description => "staged changes";

    public string RootDirectory => _access.RootDirectory;

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>In a partial clone (a sparse checkout that commits), the blobs an item names that are not here are
    /// fetched from the promisor remote first, in batches.</summary>
    public IEnumerable<ScanItem> Items(ScanProgress progress) =>
        (_fetcher = _access.Fetcher(_problems)) is { } fetcher ? fetcher.Fetched(_changes.Items(), progress) : _changes.Items();

    public void AddStatistics(IDictionary<string, long> counts) => _fetcher?.AddStatistics(counts);

    public void Dispose() => _access.Dispose();
}
