using LibGit2Sharp;
using LinqSecretScan.Scanning;

namespace LinqSecretScan.Sources;

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
            throw new ScanException($"cannot walk the commits of the range: {GitRepositoryOpener.OneLine(ex.Message)}", ex);
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
            throw new ScanException($"unknown revision '{revision}' in '{spec}': {GitRepositoryOpener.OneLine(ex.Message)}", ex);
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
            throw new ScanException($"'{revision}' is not a commit: {GitRepositoryOpener.OneLine(ex.Message)}", ex);
        }
    }
}
