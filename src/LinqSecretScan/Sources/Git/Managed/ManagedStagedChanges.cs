using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git.Managed;

/// <summary>The index against HEAD, diffed by LibGit2Sharp with renames detected (a moved file only reports what
/// changed in it). When the index's cache-tree can say where the changes are (<see cref="StagedPathspec"/>), libgit2
/// diffs just those paths instead of reading every tree of HEAD; when it cannot, when <paramref name="fullDiff"/> asks
/// for it, or when the index file changed since it was first read, the full diff runs.</summary>
/// <param name="index">The index as read before LibGit2Sharp opened it, with the file's stamp at that moment; null
/// when it could not be read (LibGit2Sharp then says why, if anything is wrong).</param>
internal sealed class ManagedStagedChanges(Repository repository, string indexFile, IndexFile? index, FileStamp? indexBefore, bool fullDiff) : IStagedChanges
{
    public List<ScanItem> Items()
    {
        var headTree = HeadTree();
        IEnumerable<TreeEntryChanges> changes;
        try
        {
            changes = Diff(headTree);
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot compare the index with HEAD: {ManagedRepository.OneLine(ex.Message)}; the repository is corrupt or incomplete (git fsck says more)", ex);
        }

        var items = new List<ScanItem>();
        foreach (var change in changes)
        {
            if (!GitChanges.CarriesContent(change))
            {
                continue;
            }

            var previous = GitChanges.PreviousVersion(change);
            items.Add(GitChanges.Item(change, commit: null, previous is null ? [] : [previous]));
        }

        return items;
    }

    private IEnumerable<TreeEntryChanges> Diff(Tree? headTree)
    {
        if (headTree is not null && !fullDiff && indexBefore is not null && index is { CanNarrow: true }
            && StagedPathspec.Candidates(index, headTree, repository.ObjectDatabase) is { } paths)
        {
            IEnumerable<TreeEntryChanges> narrowed = paths.Count == 0
                ? []
                : repository.Diff.Compare<TreeChanges>(headTree, DiffTargets.Index, paths, new ExplicitPathsOptions(), GitChanges.WithRenames);
            if (FileStamp.Of(indexFile) == indexBefore)
            {
                return narrowed;
            }

            (narrowed as IDisposable)?.Dispose(); // the index changed meanwhile: diff it all again
        }

        return repository.Diff.Compare<TreeChanges>(headTree, DiffTargets.Index, null, null, GitChanges.WithRenames);
    }

    /// <summary>HEAD's tree, or null when HEAD is unborn. LibGit2Sharp answers a HEAD whose commit or tree cannot be
    /// read (a corrupt or truncated pack) with null, the same as an unborn HEAD: taken at its word, every staged file
    /// would look new and a missing tree would look like an empty one. That is refused here.</summary>
    private Tree? HeadTree()
    {
        if (repository.Info.IsHeadUnborn)
        {
            return null;
        }

        string? target = repository.Head.Reference?.ResolveToDirectReference()?.TargetIdentifier;
        try
        {
            var commit = repository.Head.Tip
                ?? throw new ScanException($"HEAD points at commit {target ?? "(unresolvable)"}, which cannot be read: the repository is corrupt or incomplete (git fsck says more)");
            return commit.Tree
                ?? throw new ScanException($"the tree of HEAD ({commit.Sha}) cannot be read: the repository is corrupt or incomplete (git fsck says more)");
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot read HEAD ({target ?? "unresolvable"}): {ManagedRepository.OneLine(ex.Message)}; the repository is corrupt or incomplete (git fsck says more)", ex);
        }
    }
}
