using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>What the next commit adds: the index (the one named by GIT_INDEX_FILE when git runs a hook) against
/// HEAD. An unborn HEAD means everything staged is new. Renames are detected so a moved file only reports what
/// changed in it; deletions, submodules and symlinks carry no content of their own and are skipped. An index that
/// LibGit2Sharp cannot read (split or sparse index) is read through the git CLI instead.</summary>
internal sealed class StagedSource : IScanSource
{
    private readonly Repository _repository;
    private readonly GitReaderFactory _readers;
    private readonly string? _indexPath;
    private readonly string? _indexUnreadable;
    private readonly FileStamp? _indexBeforeOpen;
    private int _itemCount;

    private StagedSource(Repository repository, GitRepositoryLocator.Location location, string? indexPath, string? indexUnreadable, FileStamp? indexBeforeOpen)
    {
        _indexBeforeOpen = indexBeforeOpen;
        _repository = repository;
        _readers = new GitReaderFactory(repository, location, checkTrees: false, worthIt: () => _itemCount >= 32);
        _indexPath = indexPath;
        _indexUnreadable = indexUnreadable;
        RootDirectory = repository.Info.WorkingDirectory ?? repository.Info.Path;
    }

    /// <summary>Opens the repository with the index git names (GIT_INDEX_FILE in a hook). LibGit2Sharp reads a named
    /// index as it opens the repository, so an index it cannot parse fails right here; the repository is then opened
    /// without it and the changes come from git, never from LibGit2Sharp's default index, which is not the one
    /// being committed.</summary>
    /// <remarks>A repository LibGit2Sharp cannot open at all (the SHA-256 object format) is read entirely through
    /// git (<see cref="GitCliStagedSource"/>).</remarks>
    public static IScanSource Open(GitRepositoryLocator.Location location, string? indexPath)
    {
        Repository repository;
        string? indexUnreadable = null;
        var indexBeforeOpen = indexPath is null ? null : FileStamp.Of(indexPath);
        try
        {
            repository = GitRepositoryOpener.Open(location, indexPath);
        }
        catch (ScanException ex) when (ex.InnerException is LibGit2SharpException inner && inner.Message.Contains("object format", StringComparison.Ordinal))
        {
            return location.WorkTree is { } workTree
                ? new GitCliStagedSource(workTree, indexPath, $"LibGit2Sharp cannot open this repository ({GitRepositoryOpener.OneLine(inner.Message)})")
                : throw new ScanException($"{location.OpenPath} is a bare repository: it has no staged changes (use 'history' or 'commits')");
        }
        catch (ScanException ex) when (indexPath is not null && ex.InnerException is LibGit2SharpException inner && IsIndexFormatProblem(inner))
        {
            repository = GitRepositoryOpener.Open(location);
            indexUnreadable = $"LibGit2Sharp cannot read the index {indexPath} ({GitRepositoryOpener.OneLine(inner.Message)})";
        }

        if (repository.Info.IsBare)
        {
            repository.Dispose();
            throw new ScanException($"{location.OpenPath} is a bare repository: it has no staged changes (use 'history' or 'commits')");
        }

        return new StagedSource(repository, location, indexPath, indexUnreadable, indexBeforeOpen);
    }

    public IContentReader CreateReader() => _readers.Create();

    public IContentReader CreateMainReader() => _readers.CreateMain();

    public string Description => "staged changes";

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => [];

    public IEnumerable<ScanItem> Items(ScanProgress progress) => Changes();

    /// <summary>The whole list up front: the list of changes is small, and a failure to read the index or HEAD must
    /// end the scan before anything is reported, not half way through.</summary>
    private List<ScanItem> Changes()
    {
        var headTree = HeadTree();
        if (_indexUnreadable is not null)
        {
            return GitCliIndexDiff.Items(RootDirectory, _indexPath, _indexUnreadable);
        }

        IEnumerable<TreeEntryChanges> changes;
        try
        {
            changes = Diff(headTree);
        }
        catch (LibGit2SharpException ex) when (IsIndexFormatProblem(ex))
        {
            return GitCliIndexDiff.Items(
                RootDirectory,
                _indexPath,
                $"LibGit2Sharp cannot read this index ({GitRepositoryOpener.OneLine(ex.Message)})");
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot compare the index with HEAD: {GitRepositoryOpener.OneLine(ex.Message)}; the repository is corrupt or incomplete (git fsck says more)", ex);
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

        _itemCount = items.Count;
        return items;
    }

    /// <summary>The index against HEAD. When the index's cache-tree can say where the changes are
    /// (<see cref="StagedPathspec"/>), libgit2 diffs just those paths instead of reading every tree of HEAD; when
    /// it cannot, or the index file changed while it was being read twice (by libgit2 and by
    /// <see cref="IndexFile"/>), the full diff runs. LINQ_SECRET_SCAN_FULL_DIFF=1 always runs the full diff.</summary>
    private IEnumerable<TreeEntryChanges> Diff(Tree? headTree)
    {
        if (headTree is not null && Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_FULL_DIFF") != "1")
        {
            string indexFile = _indexPath ?? Path.Combine(_repository.Info.Path, "index");
            var before = _indexBeforeOpen ?? FileStamp.Of(indexFile);
            if (before is not null && Candidates(indexFile, headTree, _repository.ObjectDatabase) is { } paths)
            {
                IEnumerable<TreeEntryChanges> narrowed = paths.Count == 0
                    ? []
                    : _repository.Diff.Compare<TreeChanges>(headTree, DiffTargets.Index, paths, new ExplicitPathsOptions(), GitChanges.WithRenames);
                if (FileStamp.Of(indexFile) == before)
                {
                    return narrowed;
                }

                (narrowed as IDisposable)?.Dispose(); // the index changed meanwhile: diff it all again
            }
        }

        return _repository.Diff.Compare<TreeChanges>(headTree, DiffTargets.Index, null, null, GitChanges.WithRenames);
    }

    private static List<string>? Candidates(string indexFile, Tree headTree, ObjectDatabase objects)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(indexFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the full diff says what is wrong with it, if anything
        }

        return IndexFile.TryRead(data) is { } index ? StagedPathspec.Candidates(index, headTree, objects) : null;
    }

    /// <summary>The index itself could not be parsed (libgit2's messages name the index or the extension it does not
    /// know), as opposed to a missing object, which git would not read either.</summary>
    private static bool IsIndexFormatProblem(LibGit2SharpException ex) =>
        ex is not NotFoundException
        && (ex.Message.Contains("extension", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("index", StringComparison.OrdinalIgnoreCase));

    /// <summary>HEAD's tree, or null when HEAD is unborn. LibGit2Sharp answers a HEAD whose commit or tree cannot be
    /// read (a corrupt or truncated pack) with null, the same as an unborn HEAD: taken at its word, every staged file
    /// would look new and a missing tree would look like an empty one. That is refused here.</summary>
    private Tree? HeadTree()
    {
        if (_repository.Info.IsHeadUnborn)
        {
            return null;
        }

        string? target = _repository.Head.Reference?.ResolveToDirectReference()?.TargetIdentifier;
        try
        {
            var commit = _repository.Head.Tip
                ?? throw new ScanException($"HEAD points at commit {target ?? "(unresolvable)"}, which cannot be read: the repository is corrupt or incomplete (git fsck says more)");
            return commit.Tree
                ?? throw new ScanException($"the tree of HEAD ({commit.Sha}) cannot be read: the repository is corrupt or incomplete (git fsck says more)");
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot read HEAD ({target ?? "unresolvable"}): {GitRepositoryOpener.OneLine(ex.Message)}; the repository is corrupt or incomplete (git fsck says more)", ex);
        }
    }

    public void Dispose()
    {
        _readers.Dispose();
        _repository.Dispose();
    }
}
