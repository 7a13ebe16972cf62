using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git;

/// <summary>Every commit reachable from any ref (branches, tags, remote-tracking refs, stash, HEAD), parents
/// first. Each commit yields the (path, blob) pairs it introduced, the files whose blob differs from what its parents
/// have at that path: every file version of every commit is covered, at the first commit (in parents-first order)
/// that has it, and the scanner's content cache makes a blob seen at many paths or in many commits one scan. With
/// the direct libgit2 calls (<see cref="Native.NativeHistoryWalker"/>) the commits are compared with all their
/// parents at once, as git compares trees; without them, each commit is diffed against its first parent through
/// LibGit2Sharp (what a merge brought from its other parents comes again, and the content cache and the
/// first-introduction filter make that a lookup). Nothing is kept from one commit to the next: memory follows what
/// the answer needs (a few bytes per distinct blob scanned, each finding), not the length of the history. Renames
/// are not detected: a renamed file is simply its blob at a new path.</summary>
internal sealed class HistorySource : IScanSource
{
    private readonly GitAccess _access;
    private readonly Repository _repository;
    private readonly List<string> _problems = [];
    private readonly Lazy<Native.NativeHistoryWalker?> _walker;
    private Cli.PromisorFetcher? _fetcher;

    /// <summary>A history of the repository; refs that name objects that cannot be read are refused up front (a walk
    /// from them would silently cover nothing).</summary>
    public HistorySource(GitAccess access)
    {
        _access = access;
        access.BoundNativeMemoryForHistory();
        _repository = access.Repository;
        Managed.ManagedRepository.RequireReadableRefs(_repository, access.Location);
        RootDirectory = _repository.Info.WorkingDirectory ?? _repository.Info.Path;
        _walker = new(access.HistoryWalker);
    }

    public string Description => "the history of all refs";

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => true;

    public IReadOnlyList<string> Problems => _problems;

    public IContentReader CreateReader() => _access.CreateBulkReader();

    public IContentReader CreateMainReader() => _access.CreateBulkReader();

    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        var tips = Tips();
        var items = tips.Count == 0 ? []
            : _walker.Value is { } walker ? NativeItems(walker, tips, progress)
            : ManagedItems(tips, progress);
        _fetcher = _access.Fetcher(_problems);
        return _fetcher is null ? items : _fetcher.Fetched(items, progress);
    }

    private IEnumerable<ScanItem> NativeItems(Native.NativeHistoryWalker walker, List<Commit> tips, ScanProgress progress)
    {
        long started = progress.Timestamp();
        Native.NativeHistoryWalker.CommitWalk walk;
        try
        {
            walk = walker.Walk(tips.Select(t => t.Id));
        }
        catch (LibGit2SharpException ex)
        {
            _problems.Add($"cannot walk the history: {Managed.ManagedRepository.OneLine(ex.Message)}");
            yield break;
        }

        using (walk)
        {
            var parentTrees = new List<byte[]>();
            var found = new List<(string Path, ObjectId Blob)>();
            while (true)
            {
                byte[]? id;
                try
                {
                    id = walk.Next();
                }
                catch (LibGit2SharpException ex)
                {
                    _problems.Add($"cannot walk the history: {Managed.ManagedRepository.OneLine(ex.Message)}");
                    yield break;
                }

                if (id is null)
                {
                    progress.Timed(ScanPhase.CommitWalk, started);
                    yield break;
                }

                found.Clear();
                var tree = walker.TreesOf(id, parentTrees, _problems);
                started = progress.Timed(ScanPhase.CommitWalk, started);
                if (tree is not null)
                {
                    walker.Introduced(tree, parentTrees, found, _problems);
                }

                progress.Timed(ScanPhase.TreeDiff, started);
                string sha = Convert.ToHexStringLower(id);
                foreach (var (path, blob) in found)
                {
                    var content = new BlobRef(blob, path);
                    yield return new ScanItem { Path = path, Commit = sha, Content = content, Key = content.Key };
                }

                progress.CommitDone();
                started = progress.Timestamp();
            }
        }
    }

    private IEnumerable<ScanItem> ManagedItems(List<Commit> tips, ScanProgress progress)
    {
        long started = progress.Timestamp();
        IEnumerator<Commit> walk;
        try
        {
            walk = _repository.Commits.QueryBy(new CommitFilter
            {
                IncludeReachableFrom = tips,
                SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
            }).GetEnumerator();
        }
        catch (LibGit2SharpException ex)
        {
            _problems.Add($"cannot walk the history: {Managed.ManagedRepository.OneLine(ex.Message)}");
            yield break;
        }

        using (walk)
        {
            while (NextCommit(walk) is { } commit)
            {
                started = progress.Timed(ScanPhase.CommitWalk, started);
                List<ScanItem> items;
                try
                {
                    items = ManagedItemsOf(commit);
                }
                catch (LibGit2SharpException ex)
                {
                    _problems.Add($"cannot read commit {commit.Sha}: {Managed.ManagedRepository.OneLine(ex.Message)}");
                    continue;
                }

                progress.Timed(ScanPhase.TreeDiff, started);
                foreach (var item in items)
                {
                    yield return item;
                }

                progress.CommitDone();
                started = progress.Timestamp();
            }

            progress.Timed(ScanPhase.CommitWalk, started);
        }
    }

    /// <summary>Commits are streamed from the walk, not collected.</summary>
    private Commit? NextCommit(IEnumerator<Commit> walk)
    {
        try
        {
            return walk.MoveNext() ? walk.Current : null;
        }
        catch (LibGit2SharpException ex)
        {
            _problems.Add($"cannot walk the history: {Managed.ManagedRepository.OneLine(ex.Message)}");
            return null;
        }
    }

    /// <summary>Throws <see cref="ObjectReadException"/> when HEAD's tree cannot be read: "no longer at HEAD" must
    /// never stand for "could not look".</summary>
    public ScanItem? ItemAtHead(string path)
    {
        if (_repository.Info.IsHeadUnborn)
        {
            return null;
        }

        try
        {
            var tree = (_repository.Head?.Tip?.Tree)
                ?? throw new ObjectReadException("HEAD's tree cannot be read, so whether findings are still at HEAD is unknown");
            if (tree[path] is not { TargetType: TreeEntryTargetType.Blob } entry || !GitChanges.IsFile(entry.Mode))
            {
                return null;
            }

            var blob = new BlobRef(entry.Target.Id, path);
            return new ScanItem { Path = path, Content = blob, Key = blob.Key };
        }
        catch (LibGit2SharpException ex)
        {
            throw new ObjectReadException($"cannot read {path} at HEAD: {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }
    }

    private List<Commit> Tips()
    {
        var tips = new List<Commit>();
        var seen = new HashSet<ObjectId>();
        void Add(GitObject? target, string name)
        {
            try
            {
                while (target is TagAnnotation tag)
                {
                    target = tag.Target;
                }

                if (target is Commit commit && seen.Add(commit.Id))
                {
                    tips.Add(commit);
                }
            }
            catch (LibGit2SharpException ex)
            {
                _problems.Add($"cannot read ref {name}: {Managed.ManagedRepository.OneLine(ex.Message)}");
            }
        }

        foreach (var reference in _repository.Refs)
        {
            var direct = reference.ResolveToDirectReference();
            if (direct is not null && direct.Target is null)
            {
                // A truncated or corrupt pack shows up as a ref whose target reads as null: an error, never "empty".
                _problems.Add($"{reference.CanonicalName} points at {direct.TargetIdentifier}, which cannot be read");
                continue;
            }

            Add(direct?.Target, reference.CanonicalName);
        }

        if (!_repository.Info.IsHeadUnborn)
        {
            if (_repository.Head.Tip is null)
            {
                _problems.Add("HEAD points at a commit that cannot be read");
            }

            Add(_repository.Head.Tip, "HEAD");
        }

        return tips;
    }

    private List<ScanItem> ManagedItemsOf(Commit commit)
    {
        var parent = commit.Parents.FirstOrDefault();
        var changes = _repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree, GitChanges.WithoutRenames);
        var items = new List<ScanItem>();
        foreach (var change in changes)
        {
            if (!GitChanges.CarriesContent(change))
            {
                continue;
            }

            items.Add(GitChanges.Item(change, commit.Sha, []));
        }

        return items;
    }

    public void AddStatistics(IDictionary<string, long> counts)
    {
        if (_walker.IsValueCreated)
        {
            if (_walker.Value is { } walker)
            {
                counts["walker.treesRead"] = walker.TreesRead;
                counts["walker.pairsIntroduced"] = walker.PairsIntroduced;
            }
        }

        _fetcher?.AddStatistics(counts);

        _access.AddStatistics(counts);
    }

    public void Dispose()
    {
        if (_walker.IsValueCreated)
        {
            _walker.Value?.Dispose();
        }

        _access.Dispose();
    }
}
