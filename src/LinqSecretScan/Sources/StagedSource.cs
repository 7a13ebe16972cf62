using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>What the next commit adds: the index (the one named by GIT_INDEX_FILE when git runs a hook) against
/// HEAD. An unborn HEAD means everything staged is new. Renames are detected so a moved file only reports what
/// changed in it; deletions, submodules and symlinks carry no content of their own and are skipped.</summary>
internal sealed class StagedSource : IScanSource
{
    private readonly Repository _repository;
    private readonly GitRepositoryLocator.Location _location;
    private readonly bool _native;
    private Native.NativeRepository? _checkedNative;

    public StagedSource(Repository repository, GitRepositoryLocator.Location location)
    {
        _repository = repository;
        _location = location;
        _checkedNative = Native.NativeGit.TryOpen(repository, repository.Info.Path, trees: false);
        _native = _checkedNative is not null;
        RootDirectory = repository.Info.WorkingDirectory ?? repository.Info.Path;
    }

    public IContentReader CreateReader()
    {
        if (_checkedNative is { } handle)
        {
            _checkedNative = null;
            return new Native.NativeContentReader(handle);
        }

        return _native ? new Native.NativeContentReader(_repository.Info.Path) : new GitContentReader(_location);
    }

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
        _checkedNative?.Dispose();
        _repository.Dispose();
    }
}
