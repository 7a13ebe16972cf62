
namespace LinqSecretScan.Sources;

/// <summary>`staged` for a repository LibGit2Sharp 0.32 cannot open at all (the SHA-256 object format): the changes
/// come from `git diff --cached --raw -z` and the blobs from `git cat-file`, so a hook there scans instead of
/// blocking every commit.</summary>
internal sealed class GitCliStagedSource(string workTree, string? indexPath, string why) : IScanSource
{
    public string Description => "staged changes";

    public string RootDirectory => workTree;

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => [];

    public IEnumerable<ScanItem> Items(ScanProgress progress) =>
        GitCliIndexDiff.Items(workTree, indexPath, why, (id, path) => new GitObjectRef(id, path));

    public IContentReader CreateReader() => new GitCliContentReader(workTree);

    public void Dispose()
    {
    }
}
