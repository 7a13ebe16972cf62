using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>What each commit of a list added, compared with its parents. For a merge, what the merge itself
/// introduced: content that one of the parents already had at that path is not the merge's, and a line is new
/// only if no parent had it.</summary>
internal sealed class CommitsSource : IScanSource
{
    private readonly GitAccess _access;
    private readonly Repository _repository;
    private readonly IReadOnlyList<Commit> _commits;
    private readonly List<string> _problems = [];
    private Cli.PromisorFetcher? _fetcher;

    public CommitsSource(GitAccess access, IReadOnlyList<Commit> commits, string description)
    {
        _access = access;
        _repository = access.Repository;
        _commits = commits;
        Description = description;
        RootDirectory = _repository.Info.WorkingDirectory ?? _repository.Info.Path;
    }

    public string Description { get; }

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => _problems;

    public IContentReader CreateReader() => _access.CreateReader();

    public IContentReader CreateMainReader() => _access.CreateMainReader();

    public IReadOnlyDictionary<string, Exposure> Exposures(IReadOnlyCollection<string> commits, ICollection<string> warnings) =>
        CommitReach.Exposures(_repository, commits, null, warnings);

    /// <summary>In a partial clone, the blobs the commits changed (each side, against each parent) are fetched from
    /// the promisor remote first, in batches: the comparison with renames reads them.</summary>
    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        if ((_fetcher = _access.Fetcher(_problems)) is { } fetcher)
        {
            fetcher.FetchMissing(ChangedBlobs(), progress);
            return fetcher.Fetched(ItemsOfCommits(progress), progress);
        }

        return ItemsOfCommits(progress);
    }

    /// <summary>The blob ids on either side of each commit's changes against each of its parents (ids only: no content
    /// is read to list them).</summary>
    private IEnumerable<ObjectId> ChangedBlobs()
    {
        foreach (var commit in _commits)
        {
            List<ObjectId> ids = [];
            try
            {
                foreach (var parentTree in commit.Parents.Select(p => p.Tree).DefaultIfEmpty())
                {
                    foreach (var change in _repository.Diff.Compare<TreeChanges>(parentTree, commit.Tree))
                    {
                        if (GitChanges.IsFile(change.Mode))
                        {
                            ids.Add(change.Oid);
                        }

                        if (GitChanges.IsFile(change.OldMode))
                        {
                            ids.Add(change.OldOid);
                        }
                    }
                }
            }
            catch (LibGit2SharpException)
            {
                // The scan of this commit says what cannot be read.
            }

            foreach (var id in ids)
            {
                yield return id;
            }
        }
    }

    private IEnumerable<ScanItem> ItemsOfCommits(ScanProgress progress)
    {
        foreach (var commit in _commits)
        {
            List<ScanItem> items;
            try
            {
                items = ItemsOf(commit);
            }
            catch (LibGit2SharpException ex)
            {
                _problems.Add($"cannot read commit {commit.Sha}: {Managed.ManagedRepository.OneLine(ex.Message)}");
                continue;
            }

            foreach (var item in items)
            {
                yield return item;
            }

            progress.CommitDone();
        }
    }

    private List<ScanItem> ItemsOf(Commit commit)
    {
        var parents = commit.Parents.ToList();
        var firstParentTree = parents.Count > 0 ? parents[0].Tree : null;
        var changes = _repository.Diff.Compare<TreeChanges>(firstParentTree, commit.Tree, GitChanges.WithRenames);
        var items = new List<ScanItem>();
        foreach (var change in changes)
        {
            if (!GitChanges.CarriesContent(change))
            {
                continue;
            }

            var previous = new List<ContentRef>();
            if (GitChanges.PreviousVersion(change) is { } fromFirstParent)
            {
                previous.Add(fromFirstParent);
            }

            bool fromAnotherParent = false;
            foreach (var parent in parents.Skip(1))
            {
                if (parent.Tree[change.Path] is { TargetType: TreeEntryTargetType.Blob } entry && GitChanges.IsFile(entry.Mode))
                {
                    if (entry.Target.Id == change.Oid)
                    {
                        fromAnotherParent = true;
                        break;
                    }

                    previous.Add(new BlobRef(entry.Target.Id, change.Path));
                }
            }

            if (fromAnotherParent)
            {
                continue;
            }

            items.Add(GitChanges.Item(change, commit.Sha, previous));
        }

        return items;
    }

    public void AddStatistics(IDictionary<string, long> counts) => _fetcher?.AddStatistics(counts);

    public void Dispose() => _access.Dispose();
}
