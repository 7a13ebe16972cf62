using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>What the next commit adds: the index (the one named by GIT_INDEX_FILE when git runs a hook) against
/// HEAD. An unborn HEAD means everything staged is new. Renames are detected so a moved file only reports what
/// changed in it; deletions, submodules and symlinks carry no content of their own and are skipped.</summary>
internal sealed class StagedSource : IScanSource
{
    private readonly Repository _repository;
    private readonly GitReaderFactory _readers;

    public StagedSource(Repository repository, GitRepositoryLocator.Location location)
    {
        _repository = repository;
        _readers = new GitReaderFactory(repository, location, checkTrees: false);
        RootDirectory = repository.Info.WorkingDirectory ?? repository.Info.Path;
    }

    public IContentReader CreateReader() => _readers.Create();

    public string Description => "staged changes";

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => [];

    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        var head = _repository.Head.Tip;
        var changes = _repository.Diff.Compare<TreeChanges>(head?.Tree, DiffTargets.Index, null, null, GitChanges.WithRenames);
        foreach (var change in changes)
        {
            if (!GitChanges.CarriesContent(change))
            {
                continue;
            }

            var previous = GitChanges.PreviousVersion(change);
            yield return GitChanges.Item(change, commit: null, previous is null ? [] : [previous]);
        }
    }

    public void Dispose()
    {
        _readers.Dispose();
        _repository.Dispose();
    }
}
