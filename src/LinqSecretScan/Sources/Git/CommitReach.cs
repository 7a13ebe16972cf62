using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>Which refs reach which commits: the git side of a finding's <see cref="Exposure"/>. A question is asked
/// once per set of tips (one remote's tracking refs, say), never once per finding: one revision walk from the
/// findings' commits with that set hidden (`git rev-list C1 C2 ... --not TIPS`) lists what the set does not reach,
/// and it covers only the commits that are not on that remote, not the remote's whole history.</summary>
internal static class CommitReach
{
    private const string RemotesPrefix = "refs/remotes/";

    /// <summary>The exposure of each of <paramref name="commits"/> (full SHAs) that can be read. When
    /// <paramref name="refTips"/> is given (the tips of every ref, without reflog entries), each answer also says
    /// whether only the reflog reaches it. A walk that fails adds a warning and leaves its commits out.</summary>
    public static Dictionary<string, Exposure> Exposures(
        Repository repository, IEnumerable<string> commits, IReadOnlyCollection<Commit>? refTips, ICollection<string> warnings)
    {
        var targets = new List<Commit>();
        foreach (string sha in commits.Distinct(StringComparer.Ordinal))
        {
            if (repository.Lookup<Commit>(sha) is { } commit)
            {
                targets.Add(commit);
            }
        }

        var result = new Dictionary<string, Exposure>(StringComparer.Ordinal);
        if (targets.Count == 0)
        {
            return result;
        }

        var pushedTo = targets.ToDictionary(t => t.Sha, _ => new List<string>(), StringComparer.Ordinal);
        try
        {
            foreach (var (remote, tips) in RemoteTips(repository))
            {
                foreach (var reached in Reached(repository, targets, tips))
                {
                    pushedTo[reached.Sha].Add(remote);
                }
            }

            var onRefs = refTips is null ? null : Reached(repository, targets, refTips).Select(c => c.Sha).ToHashSet(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                result[target.Sha] = new Exposure(pushedTo[target.Sha]) { OnlyInReflog = onRefs is null ? null : !onRefs.Contains(target.Sha) };
            }
        }
        catch (LibGit2SharpException ex)
        {
            warnings.Add($"cannot tell which findings were pushed: {Managed.ManagedRepository.OneLine(ex.Message)}");
            result.Clear();
        }

        return result;
    }

    /// <summary>The commits that remote-tracking refs point at, by remote. A ref's remote is the longest configured
    /// remote name it starts with (remote names may hold '/'), else its first path segment (the refs of a remote
    /// since removed from the config). Remotes come in name order.</summary>
    public static SortedDictionary<string, List<Commit>> RemoteTips(Repository repository)
    {
        var configured = repository.Network.Remotes.Select(r => r.Name).OrderByDescending(n => n.Length).ToList();
        var tips = new SortedDictionary<string, List<Commit>>(StringComparer.Ordinal);
        foreach (var reference in repository.Refs)
        {
            string name = reference.CanonicalName;
            if (!name.StartsWith(RemotesPrefix, StringComparison.Ordinal) || PeeledCommit(reference) is not { } commit)
            {
                continue;
            }

            string rest = name[RemotesPrefix.Length..];
            string remote = configured.FirstOrDefault(r => rest.StartsWith(r + "/", StringComparison.Ordinal))
                ?? (rest.IndexOf('/', StringComparison.Ordinal) is int slash and > 0 ? rest[..slash] : rest);
            if (!tips.TryGetValue(remote, out var list))
            {
                tips[remote] = list = [];
            }

            list.Add(commit);
        }

        return tips;
    }

    /// <summary>Whether <paramref name="canonicalName"/> is a remote-tracking ref.</summary>
    public static bool IsRemoteTracking(string canonicalName) => canonicalName.StartsWith(RemotesPrefix, StringComparison.Ordinal);

    /// <summary>The commit a ref finally names (through symbolic refs and annotated tags), or null.</summary>
    public static Commit? PeeledCommit(Reference reference)
    {
        GitObject? target = reference.ResolveToDirectReference()?.Target;
        while (target is TagAnnotation tag)
        {
            target = tag.Target;
        }

        return target as Commit;
    }

    /// <summary>The refs (canonical names, in order) whose history holds one of <paramref name="commits"/>: those a
    /// rewrite of that history changes. One walk over everything the refs reach, parents first, marks each commit
    /// that is one of the commits or has a marked parent.</summary>
    public static List<string> RefsReaching(Repository repository, IEnumerable<string> commits)
    {
        var targets = commits.Select(sha => repository.Lookup<Commit>(sha)?.Id).OfType<ObjectId>().ToHashSet();
        var tips = new List<(string Name, Commit Tip)>();
        foreach (var reference in repository.Refs)
        {
            if (PeeledCommit(reference) is { } tip)
            {
                tips.Add((reference.CanonicalName, tip));
            }
        }

        if (targets.Count == 0 || tips.Count == 0)
        {
            return [];
        }

        var marked = new HashSet<ObjectId>();
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter
        {
            IncludeReachableFrom = tips.Select(t => t.Tip).DistinctBy(c => c.Id).ToList(),
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        }))
        {
            if (targets.Contains(commit.Id) || commit.Parents.Any(p => marked.Contains(p.Id)))
            {
                marked.Add(commit.Id);
            }
        }

        return [.. tips.Where(t => marked.Contains(t.Tip.Id)).Select(t => t.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>Where the repository lives: its work tree (or, when bare, the repository folder), whether it is bare,
    /// and every folder that belongs to it: the work tree, the git directory, and with linked worktrees the common
    /// git directory and every work tree of the repository (a file put in any of them is one `git add` from a
    /// commit).</summary>
    public static (string Path, bool IsBare, IReadOnlyList<string> Folders) Layout(Repository repository)
    {
        string gitDirectory = repository.Info.Path;
        var folders = new List<string> { gitDirectory };
        if (repository.Info.WorkingDirectory is { } workTree)
        {
            folders.Add(workTree);
        }

        string common = gitDirectory;
        string commonDirFile = System.IO.Path.Combine(gitDirectory, "commondir");
        if (File.Exists(commonDirFile) && File.ReadAllText(commonDirFile).Trim() is { Length: > 0 } named)
        {
            common = System.IO.Path.GetFullPath(System.IO.Path.Combine(gitDirectory, named));
            folders.Add(common);
        }

        if (System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(common)) == ".git")
        {
            folders.Add(System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(common))!);
        }

        string worktrees = System.IO.Path.Combine(common, "worktrees");
        if (Directory.Exists(worktrees))
        {
            foreach (string link in Directory.EnumerateFiles(worktrees, "gitdir", SearchOption.AllDirectories))
            {
                if (File.ReadAllText(link).Trim() is { Length: > 0 } dotGit && System.IO.Path.GetDirectoryName(dotGit) is { Length: > 0 } tree)
                {
                    folders.Add(tree);
                }
            }
        }

        string path = System.IO.Path.TrimEndingDirectorySeparator(repository.Info.WorkingDirectory ?? gitDirectory);
        return (path, repository.Info.IsBare, folders);
    }

    /// <summary>Each configured remote's name and fetch URL, in name order.</summary>
    public static List<(string Name, string Url)> Remotes(Repository repository) =>
        [.. repository.Network.Remotes.Select(r => (r.Name, r.Url ?? string.Empty)).OrderBy(r => r.Name, StringComparer.Ordinal)];

    /// <summary>The targets that <paramref name="tips"/> reach: those a walk from the targets with the tips hidden
    /// does not list.</summary>
    private static IEnumerable<Commit> Reached(Repository repository, List<Commit> targets, IReadOnlyCollection<Commit> tips)
    {
        if (tips.Count == 0)
        {
            return [];
        }

        var unreached = repository.Commits.QueryBy(new CommitFilter
        {
            IncludeReachableFrom = targets,
            ExcludeReachableFrom = tips,
            SortBy = CommitSortStrategies.None,
        }).Select(c => c.Id).ToHashSet();
        return targets.Where(t => !unreached.Contains(t.Id));
    }
}
