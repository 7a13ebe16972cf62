using LibGit2Sharp;
using LinqSecretScan.Scanning;

namespace LinqSecretScan.Sources;

/// <summary>What the next commit adds: the index (the one named by GIT_INDEX_FILE when git runs a hook) against
/// HEAD. An unborn HEAD means everything staged is new. Renames are detected so a moved file only reports what
/// changed in it; deletions, submodules and symlinks carry no content of their own and are skipped.</summary>
internal sealed class StagedSource : IScanSource
{
    private readonly Repository _repository;

    public StagedSource(Repository repository)
    {
        _repository = repository;
        RootDirectory = repository.Info.WorkingDirectory ?? repository.Info.Path;
    }

    public string Description => "staged changes";

    public string RootDirectory { get; }

    public IEnumerable<ScanItem> Items()
    {
        var head = _repository.Head.Tip;
        var options = new CompareOptions
        {
            Similarity = SimilarityOptions.Renames,
            IncludeUnmodified = false,
        };
        var changes = _repository.Diff.Compare<TreeChanges>(head?.Tree, DiffTargets.Index, null, null, options);
        foreach (var change in changes)
        {
            if (!CarriesContent(change))
            {
                continue;
            }

            var newId = change.Oid;
            string path = ReportPaths.FromNative(change.Path);
            var previous = new List<Func<byte[]>>();
            if (change.Status is ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied
                && IsFile(change.OldMode) && change.OldOid != ObjectId.Zero)
            {
                var oldId = change.OldOid;
                string oldPath = change.OldPath;
                previous.Add(() => GitBlobReader.Read(_repository, oldId, oldPath));
            }

            yield return new ScanItem
            {
                Path = path,
                ContentId = newId.Sha,
                ReadContent = () => GitBlobReader.Read(_repository, newId, path),
                PreviousVersions = previous,
            };
        }
    }

    private static bool CarriesContent(TreeEntryChanges change) =>
        change.Status is ChangeKind.Added or ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied or ChangeKind.TypeChanged
        && IsFile(change.Mode)
        && change.Oid != ObjectId.Zero;

    private static bool IsFile(Mode mode) => mode is Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile;

    public void Dispose() => _repository.Dispose();
}
