using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>Every commit reachable from any ref (branches, tags, remote-tracking refs, stash, HEAD), parents
/// first; with <c>includeReflog</c>, also every commit a reflog entry names (all stash entries, commits left behind
/// by a reset, an amend or a rebase). Each commit yields the (path, blob) pairs it introduced, the files whose blob differs from what its parents
/// have at that path: every file version of every commit is covered, at the first commit (in parents-first order)
/// that has it, and the scanner's content cache makes a blob seen at many paths or in many commits one scan. With
/// the direct libgit2 calls (<see cref="Native.NativeHistoryWalker"/>), or through `git log --raw` where the history's
/// blobs are read through git (<see cref="GitAccess.HistoryThroughGit"/>, <see cref="Cli.GitLogWalker"/>: the same
/// pairs, in a process of its own), the commits are compared with all their parents at once, as git compares trees;
/// without them, each commit is diffed against its first parent through
/// LibGit2Sharp (what a merge brought from its other parents comes again, and the content cache and the
/// first-introduction filter make that a lookup). Nothing is kept from one commit to the next: memory follows what
/// the answer needs (a few bytes per distinct blob scanned, each finding), not the length of the history. Renames
/// are not detected: a renamed file is simply its blob at a new path.</summary>
/// <remarks>The walk goes in up to three rounds: what remote-tracking refs reach, then what the other refs add,
/// then what only reflog entries add (each round hides the tips of the rounds before it). Parents still come first (a
/// commit of a later round has its parents in its own round or an earlier one), and a secret that a pushed commit and
/// a local one both introduce is attributed to the pushed one, so that its exposure never reads "unpushed" while a
/// remote has it.</remarks>
internal sealed class HistorySource : IScanSource
{
    private readonly GitAccess _access;
    private readonly Repository _repository;
    private readonly bool _includeReflog;
    private readonly List<string> _problems = [];
    private readonly List<string> _warnings = [];
    private List<Commit>? _refTips;
    private readonly Lazy<Native.NativeHistoryWalker?> _walker;
    private Cli.GitLogWalker? _gitLog;
    private Cli.PromisorFetcher? _fetcher;

    /// <summary>A history of the repository; refs that name objects that cannot be read are refused up front (a walk
    /// from them would silently cover nothing).</summary>
    public HistorySource(GitAccess access, bool includeReflog = false)
    {
        _access = access;
        access.BoundNativeMemoryForHistory();
        _repository = access.Repository;
        _includeReflog = includeReflog;
        Managed.ManagedRepository.RequireReadableRefs(_repository, access.Location);
        RootDirectory = _repository.Info.WorkingDirectory ?? _repository.Info.Path;
        _walker = new(access.HistoryWalker);
        _gitLog = access.HistoryThroughGit ? new Cli.GitLogWalker(access.GitCli) : null;
    }

    public string Description => _includeReflog ? "the history of all refs and reflogs" : "the history of all refs";

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => true;

    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyList<string> Warnings => _warnings;

    public IContentReader CreateReader() => _access.CreateBulkReader();

    public IContentReader CreateMainReader() => _access.CreateBulkReader();

    public IReadOnlyDictionary<string, Exposure> Exposures(IReadOnlyCollection<string> commits, ICollection<string> warnings) =>
        CommitReach.Exposures(_repository, commits, _includeReflog ? _refTips ?? [] : null, warnings);

    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        var (remote, local, reflog) = Tips();
        _refTips = [.. remote, .. local];
        var items = Rounds([remote, local, reflog], progress);
        _fetcher = _access.Fetcher(_problems);
        return _fetcher is null ? items : _fetcher.Fetched(items, progress);
    }

    /// <summary>Each round: the commits its tips reach and the earlier rounds' tips do not, parents first.</summary>
    private IEnumerable<ScanItem> Rounds(List<Commit>[] rounds, ScanProgress progress)
    {
        List<Commit> shown = [];
        foreach (var round in rounds)
        {
            if (round.Count == 0)
            {
                continue;
            }

            var items = _gitLog is not null ? GitLogItems(_gitLog, round, shown, progress)
                : _walker.Value is { } walker ? NativeItems(walker, round, shown, progress)
                : ManagedItems(round, shown, progress);
            foreach (var item in items)
            {
                yield return item;
            }

            shown.AddRange(round);
        }
    }

    private IEnumerable<ScanItem> NativeItems(Native.NativeHistoryWalker walker, List<Commit> tips, List<Commit> hidden, ScanProgress progress)
    {
        long started = progress.Timestamp();
        Native.NativeHistoryWalker.CommitWalk walk;
        try
        {
            walk = walker.Walk(tips.Select(t => t.Id), hidden.Select(h => h.Id));
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

    /// <summary>The round through `git log --raw` (<see cref="Cli.GitLogWalker"/>); where git cannot be started, the
    /// direct libgit2 walk instead.</summary>
    private IEnumerable<ScanItem> GitLogItems(Cli.GitLogWalker walker, List<Commit> tips, List<Commit> hidden, ScanProgress progress)
    {
        var walk = walker.Walk(tips.Select(t => t.Id), hidden.Select(h => h.Id));
        if (walk is null)
        {
            _gitLog = null;
            var items = _walker.Value is { } native ? NativeItems(native, tips, hidden, progress) : ManagedItems(tips, hidden, progress);
            foreach (var item in items)
            {
                yield return item;
            }

            yield break;
        }

        using (walk)
        {
            var found = new List<(string Path, ObjectId Blob)>();
            while (true)
            {
                long started = progress.Timestamp();
                string? sha;
                try
                {
                    sha = walk.Next(found);
                }
                catch (InvalidDataException ex)
                {
                    _problems.Add($"cannot walk the history: {ex.Message}");
                    yield break;
                }

                progress.Timed(ScanPhase.TreeDiff, started);
                if (sha is null)
                {
                    if (walk.Failure is { } failure)
                    {
                        _problems.Add($"cannot walk the history: git log failed: {failure}");
                    }

                    yield break;
                }

                foreach (var (path, blob) in found)
                {
                    var content = new BlobRef(blob, path);
                    yield return new ScanItem { Path = path, Commit = sha, Content = content, Key = content.Key };
                }

                progress.CommitDone();
            }
        }
    }

    private IEnumerable<ScanItem> ManagedItems(List<Commit> tips, List<Commit> hidden, ScanProgress progress)
    {
        long started = progress.Timestamp();
        IEnumerator<Commit> walk;
        try
        {
            walk = _repository.Commits.QueryBy(new CommitFilter
            {
                IncludeReachableFrom = tips,
                ExcludeReachableFrom = hidden,
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

    /// <summary>The commits to walk from, in three disjoint lists: what remote-tracking refs name, what every other
    /// ref and HEAD name, and (with the reflog included) what reflog entries name that no ref does.</summary>
    private (List<Commit> Remote, List<Commit> Local, List<Commit> Reflog) Tips()
    {
        var remote = new List<Commit>();
        var local = new List<Commit>();
        var reflog = new List<Commit>();
        var seen = new HashSet<ObjectId>();
        void Add(List<Commit> list, GitObject? target, string name)
        {
            try
            {
                while (target is TagAnnotation tag)
                {
                    target = tag.Target;
                }

                if (target is Commit commit && seen.Add(commit.Id))
                {
                    list.Add(commit);
                }
            }
            catch (LibGit2SharpException ex)
            {
                _problems.Add($"cannot read ref {name}: {Managed.ManagedRepository.OneLine(ex.Message)}");
            }
        }

        var references = _repository.Refs.OrderBy(r => CommitReach.IsRemoteTracking(r.CanonicalName) ? 0 : 1).ToList();
        foreach (var reference in references)
        {
            var direct = reference.ResolveToDirectReference();
            if (direct is not null && direct.Target is null)
            {
                // A truncated or corrupt pack shows up as a ref whose target reads as null: an error, never "empty".
                _problems.Add($"{reference.CanonicalName} points at {direct.TargetIdentifier}, which cannot be read");
                continue;
            }

            Add(CommitReach.IsRemoteTracking(reference.CanonicalName) ? remote : local, direct?.Target, reference.CanonicalName);
        }

        if (!_repository.Info.IsHeadUnborn)
        {
            if (_repository.Head.Tip is null)
            {
                _problems.Add("HEAD points at a commit that cannot be read");
            }

            Add(local, _repository.Head.Tip, "HEAD");
        }

        if (_includeReflog)
        {
            foreach (string name in references.Select(r => r.CanonicalName).Append("HEAD"))
            {
                foreach (var id in ReflogIds(name))
                {
                    Add(reflog, _repository.Lookup(id), $"{name}'s reflog");
                }
            }
        }

        return (remote, local, reflog);
    }

    /// <summary>Every commit a ref's reflog names, old and new side of each entry, newest first (`git rev-list
    /// --reflog` reads both sides too). An entry whose commit is gone (pruned) is a warning: git tolerates those.</summary>
    private List<ObjectId> ReflogIds(string name)
    {
        var ids = new List<ObjectId>();
        try
        {
            foreach (var entry in _repository.Refs.Log(name))
            {
                foreach (var id in (ObjectId[])[entry.To, entry.From])
                {
                    if (id is not null && id != ObjectId.Zero)
                    {
                        if (_repository.ObjectDatabase.Contains(id))
                        {
                            ids.Add(id);
                        }
                        else
                        {
                            _warnings.Add($"{name}'s reflog names {id.Sha}, which is no longer in the repository");
                        }
                    }
                }
            }
        }
        catch (LibGit2SharpException ex)
        {
            _problems.Add($"cannot read the reflog of {name}: {Managed.ManagedRepository.OneLine(ex.Message)}");
        }

        return ids;
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
        if (_gitLog is not null)
        {
            counts["gitLog.pairsIntroduced"] = _gitLog.PairsIntroduced;
        }

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
