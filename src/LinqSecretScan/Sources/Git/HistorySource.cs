using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git;

/// <summary>Every commit reachable from any ref (branches, tags, remote-tracking refs, stash, HEAD), parents
/// first. Each commit yields the (path, blob) pairs of its tree that no earlier commit had: every file version of
/// every commit is covered, each pair once, at the first commit (in parents-first order) that has it; the
/// scanner's content cache then makes a blob seen at many paths one scan. With the direct libgit2 calls
/// (<see cref="Native.NativeTreeWalker"/>) each (tree, path) is read once; without them, each commit is diffed
/// against its first parent through LibGit2Sharp (the same pairs, several times slower). Renames are not detected: a
/// renamed file is simply its blob at a new path.</summary>
internal sealed class HistorySource : IScanSource
{
    private readonly GitAccess _access;
    private readonly Repository _repository;
    private readonly List<string> _problems = [];
    private readonly Lazy<Native.NativeTreeWalker?> _walker;

    /// <summary>A history of the repository; refs that name objects that cannot be read are refused up front (a walk
    /// from them would silently cover nothing).</summary>
    public HistorySource(GitAccess access)
    {
        _access = access;
        _repository = access.Repository;
        Managed.ManagedRepository.RequireReadableRefs(_repository, access.Location);
        RootDirectory = _repository.Info.WorkingDirectory ?? _repository.Info.Path;
        _walker = new(access.HistoryTreeWalker);
    }

    public string Description => "the history of all refs";

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => true;

    public IReadOnlyList<string> Problems => _problems;

    public IContentReader CreateReader() => _access.CreateReader();

    public IContentReader CreateMainReader() => _access.CreateMainReader();

    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        var tips = Tips();
        if (tips.Count == 0)
        {
            yield break;
        }

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
    }

    /// <summary>Commits are streamed from the walk, not collected: memory follows the blob set, not the length
    /// of the history.</summary>
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

    private List<ScanItem> ItemsOf(Commit commit) => _walker.Value is { } walker ? NativeItemsOf(walker, commit) : ManagedItemsOf(commit);

    private List<ScanItem> NativeItemsOf(Native.NativeTreeWalker walker, Commit commit)
    {
        var found = new List<(string Path, ObjectId Blob)>();
        walker.NewBlobs(commit.Tree.Id, found, _problems);
        var items = new List<ScanItem>(found.Count);
        foreach (var (path, id) in found)
        {
            var blob = new BlobRef(id, path);
            items.Add(new ScanItem { Path = path, Commit = commit.Sha, Content = blob, Key = blob.Key });
        }

        return items;
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

    public void Dispose()
    {
        if (_walker.IsValueCreated)
        {
            _walker.Value?.Dispose();
        }

        _access.Dispose();
    }
}
