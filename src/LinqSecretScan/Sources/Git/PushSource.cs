using System.Text;
using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>What a push brings to a repository, read in its pre-receive hook: the commits the updated refs reach that no
/// ref of the repository has yet (<c>git rev-list &lt;new tips&gt; --not --all</c>, run before git moves any ref), each
/// judged as <c>commits</c> judges a commit (<see cref="CommitsSource"/>: what it adds against its parents). An
/// annotated tag is peeled to what it points at; a tag that points at a tree or a blob brings that content (scanned
/// whole). A deletion brings nothing, and so does a ref moved to a commit the repository already has. The objects are
/// read where git keeps them during the hook (its quarantine, which <see cref="GitAccess"/> hands to libgit2); one that
/// cannot be read is a <see cref="ScanException"/>, never a commit left out.</summary>
internal sealed class PushSource : IScanSource
{
    private readonly CommitsSource _commits;
    private readonly List<ScanItem> _contentOfTags;
    private readonly IReadOnlyList<(RefUpdate Update, Commit Tip)> _commitTips;
    private readonly CancellationToken _cancel;
    private Dictionary<string, List<string>>? _refsOfCommit;

    private PushSource(GitAccess access, IReadOnlyList<Commit> commits, IReadOnlyList<(RefUpdate, Commit)> commitTips, List<ScanItem> contentOfTags, string description, CancellationToken cancel)
    {
        _commits = new CommitsSource(access, commits, description);
        NewCommits = commits;
        _commitTips = commitTips;
        _contentOfTags = contentOfTags;
        _cancel = cancel;
        Description = description;
    }

    /// <summary>The commits the push brings, parents first.</summary>
    public IReadOnlyList<Commit> NewCommits { get; }

    public string Description { get; }

    public string RootDirectory => _commits.RootDirectory;

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => _commits.Problems;

    /// <summary>Reads the push's ref updates. Owns <paramref name="access"/> from here on (also when it throws).</summary>
    /// <param name="cancel">Stops the enumeration of the items (a scan past its time budget).</param>
    public static PushSource Open(GitAccess access, IReadOnlyList<RefUpdate> updates, CancellationToken cancel)
    {
        try
        {
            var repository = access.Repository;
            var commitTips = new List<(RefUpdate, Commit)>();
            var contentOfTags = new List<ScanItem>();
            foreach (var update in updates.Where(u => !u.IsDeletion))
            {
                switch (Peel(repository, update, access))
                {
                    case Commit commit:
                        commitTips.Add((update, commit));
                        break;
                    case Blob blob:
                        contentOfTags.Add(new ScanItem { Path = update.Name, Content = new BlobRef(blob.Id, update.Name), Key = ContentKey.FromBlobId(blob.Id.RawId), ReportFileName = false });
                        break;
                    case Tree tree:
                        AddTree(tree, string.Empty, contentOfTags);
                        break;
                }
            }

            var commits = commitTips.Count == 0 ? [] : NewCommitsOf(access, commitTips.Select(t => t.Item2.Sha).Distinct(StringComparer.Ordinal).ToList());
            int refs = updates.Count(u => !u.IsDeletion);
            string description = $"the push ({Plural(commits.Count, "new commit")}{(contentOfTags.Count > 0 ? $" and {Plural(contentOfTags.Count, "tagged file")}" : string.Empty)} for {Plural(refs, "ref")})";
            return new PushSource(access, commits, commitTips, contentOfTags, description, cancel);
        }
        catch
        {
            access.Dispose();
            throw;
        }
    }

    /// <summary>The refs of the push whose new tip reaches <paramref name="commitSha"/>, for telling the pusher where a
    /// finding is.</summary>
    public IReadOnlyList<string> RefsReaching(string commitSha)
    {
        _refsOfCommit ??= MapRefs();
        return _refsOfCommit.TryGetValue(commitSha, out var refs) ? refs : [];
    }

    /// <summary>The first line of a new commit's message.</summary>
    public string? SubjectOf(string commitSha) =>
        NewCommits.FirstOrDefault(c => c.Sha == commitSha) is { } commit ? commit.MessageShort : null;

    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        foreach (var item in _contentOfTags)
        {
            _cancel.ThrowIfCancellationRequested();
            yield return item;
        }

        foreach (var item in _commits.Items(progress))
        {
            _cancel.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    public IContentReader CreateReader() => _commits.CreateReader();

    public IContentReader CreateMainReader() => _commits.CreateMainReader();

    public void Dispose() => _commits.Dispose();

    private static GitObject? Peel(Repository repository, RefUpdate update, GitAccess access)
    {
        var target = Lookup(repository, update.NewId, $"the new value of {update.Name}", access);
        for (int depth = 0; target is TagAnnotation tag; depth++)
        {
            if (depth > 64)
            {
                throw new ScanException($"{update.Name}: a chain of more than 64 tags");
            }

            target = Lookup(repository, tag.Target.Sha, $"what the tag {update.Name} points at", access);
        }

        return target;
    }

    private static GitObject Lookup(Repository repository, string sha, string what, GitAccess access)
    {
        GitObject? found;
        try
        {
            found = repository.Lookup(new ObjectId(sha));
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot read {what}, object {sha}: {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }

        return found ?? throw new ScanException($"cannot read {what}: object {sha} is not in the object database{QuarantineHint(access)}");
    }

    /// <summary>Said when a pushed object is missing: during a push it should be in git's quarantine.</summary>
    private static string QuarantineHint(GitAccess access) => access.Format.Quarantine is null
        ? " (no quarantine: is this running as git's pre-receive hook?)"
        : access.ObjectDirectories.Count == 0
            ? " (git's quarantine is not read: LINQ_SECRET_SCAN_IGNORE_QUARANTINE=1)"
            : string.Empty;

    /// <summary>`git rev-list --topo-order --reverse TIP... --not --all`: git's own answer to "which commits does no ref
    /// have", read from the quarantine through git's environment. The tips go on the command line before `--not`, where
    /// every version of git reads them as wanted (how `--stdin` combines with `--not` has changed between versions).</summary>
    private static List<Commit> NewCommitsOf(GitAccess access, IReadOnlyList<string> tips)
    {
        var output = access.GitCli.Run(["rev-list", "--topo-order", "--reverse", .. tips, "--not", "--all"], "cannot list the commits the push brings");
        var repository = access.Repository;
        var commits = new List<Commit>();
        foreach (string line in Encoding.ASCII.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            commits.Add(Lookup(repository, line, $"the pushed commit {line}", access) as Commit
                ?? throw new ScanException($"git rev-list listed {line}, which is not a commit"));
        }

        return commits;
    }

    private static void AddTree(Tree tree, string prefix, List<ScanItem> items)
    {
        foreach (var entry in tree)
        {
            string path = prefix + entry.Name;
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                AddTree((Tree)entry.Target, path + "/", items);
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob && GitChanges.IsFile(entry.Mode))
            {
                var blob = new BlobRef(entry.Target.Id, path);
                items.Add(new ScanItem { Path = path, Content = blob, Key = blob.Key });
            }
        }
    }

    /// <summary>Which pushed refs reach each new commit: a walk from each new tip through new commits only.</summary>
    private Dictionary<string, List<string>> MapRefs()
    {
        var isNew = NewCommits.Select(c => c.Sha).ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (update, tip) in _commitTips)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<Commit>();
            pending.Push(tip);
            while (pending.Count > 0)
            {
                var commit = pending.Pop();
                if (!isNew.Contains(commit.Sha) || !seen.Add(commit.Sha))
                {
                    continue;
                }

                (map.TryGetValue(commit.Sha, out var refs) ? refs : map[commit.Sha] = []).Add(update.Name);
                foreach (var parent in commit.Parents)
                {
                    pending.Push(parent);
                }
            }
        }

        return map;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
