using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>Resolves what `commits` scans: `A..B` (commits reachable from B and not from A; an empty side is
/// HEAD), `A...B` (reachable from either, not from their merge base), or a single commit-ish (that commit only).
/// Commits come oldest first (topological).</summary>
internal static class RevisionRange
{
    public static IReadOnlyList<Commit> Resolve(Repository repository, string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ScanException("empty revision range");
        }

        int threeDots = spec.IndexOf("...", StringComparison.Ordinal);
        if (threeDots >= 0)
        {
            var left = Peel(repository, Side(spec[..threeDots]), spec);
            var right = Peel(repository, Side(spec[(threeDots + 3)..]), spec);
            var mergeBase = repository.ObjectDatabase.FindMergeBase(left, right);
            return Walk(repository, [left, right], mergeBase is null ? [] : [mergeBase]);
        }

        int twoDots = spec.IndexOf("..", StringComparison.Ordinal);
        if (twoDots >= 0)
        {
            var exclude = Peel(repository, Side(spec[..twoDots]), spec);
            var include = Peel(repository, Side(spec[(twoDots + 2)..]), spec);
            return Walk(repository, [include], [exclude]);
        }

        return [Peel(repository, spec, spec)];
    }

    /// <summary>The commits reachable from <paramref name="revision"/> that no ref of <paramref name="remote"/> has:
    /// what the first push of a branch sends (all of them when the remote has no refs yet).</summary>
    public static IReadOnlyList<Commit> NewOnRemote(Repository repository, string revision, string remote)
    {
        if (repository.Network.Remotes[remote] is null)
        {
            throw new ScanException($"unknown remote '{remote}'");
        }

        var tip = Peel(repository, revision, revision);
        string prefix = $"refs/remotes/{remote}/";
        var known = repository.Refs
            .Where(r => r.CanonicalName.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => r.ResolveToDirectReference()?.Target)
            .OfType<Commit>()
            .ToList();
        return Walk(repository, [tip], known);
    }

    /// <summary>The range the pre-commit framework gives a pre-push hook: PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF
    /// (PRE_COMMIT_ORIGIN/SOURCE in older versions), or, for a new branch or a remote commit unknown here, the
    /// commits of TO that the remote (PRE_COMMIT_REMOTE_NAME) has on no ref. When the push includes a root commit,
    /// pre-commit gives no range at all, only PRE_COMMIT_LOCAL_BRANCH: all of that branch the remote lacks.</summary>
    public static (IReadOnlyList<Commit> Commits, string Description) FromPreCommitEnvironment(Repository repository, HostEnvironment host)
    {
        string? to = host.Variable("PRE_COMMIT_TO_REF") ?? host.Variable("PRE_COMMIT_SOURCE") ?? host.Variable("PRE_COMMIT_LOCAL_BRANCH");
        string? from = host.Variable("PRE_COMMIT_FROM_REF") ?? host.Variable("PRE_COMMIT_ORIGIN");
        string remote = host.Variable("PRE_COMMIT_REMOTE_NAME") ?? "origin";
        if (to is null)
        {
            throw new ScanException("--pre-commit-env: neither PRE_COMMIT_TO_REF nor PRE_COMMIT_LOCAL_BRANCH is set (run it as a pre-commit pre-push hook)");
        }

        bool fromKnown = from is not null && !from.All(c => c == '0') && repository.Lookup(from) is not null;
        return fromKnown
            ? (Resolve(repository, $"{from}..{to}"), $"commits {from}..{to}")
            : (NewOnRemote(repository, to, remote), $"commits of {to} not on {remote}");
    }

    private static string Side(string side) => side.Length == 0 ? "HEAD" : side;

    private static List<Commit> Walk(Repository repository, IReadOnlyList<Commit> include, IReadOnlyList<Commit> exclude)
    {
        try
        {
            var filter = new CommitFilter
            {
                IncludeReachableFrom = include,
                ExcludeReachableFrom = exclude,
                SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
            };
            return repository.Commits.QueryBy(filter).ToList();
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot walk the commits of the range: {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }
    }

    public static Commit Peel(Repository repository, string revision, string spec)
    {
        GitObject? found;
        try
        {
            found = repository.Lookup(revision.Trim());
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"unknown revision '{revision}' in '{spec}': {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }

        if (found is null)
        {
            throw new ScanException($"unknown revision '{revision}' in '{spec}'");
        }

        try
        {
            return found.Peel<Commit>();
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"'{revision}' is not a commit: {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }
    }
}
