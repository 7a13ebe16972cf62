namespace LinqSecretScan.Purge;

/// <summary>A repository that others clone from and that holds findings: a remote with pushed findings, or the
/// scanned repository itself when it is bare (a server's, or a mirror).</summary>
/// <param name="Name">The remote's name, or "this repository".</param>
/// <param name="Url">Where to clone it from and push to, with any password taken out of it.</param>
/// <param name="Branches">Its branches (refs/heads/...) whose history holds a finding, as this clone last saw them.</param>
/// <param name="Tags">Tags (refs/tags/...) whose history holds a finding.</param>
/// <param name="OtherRefs">Other refs of a bare repository whose history holds a finding (notes, pull request refs).</param>
/// <param name="Findings">How many findings it holds.</param>
internal sealed record PushTarget(
    string Name,
    string Url,
    bool UrlHadCredentials,
    IReadOnlyList<string> Branches,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> OtherRefs,
    int Findings)
{
    /// <summary>A git URL that is a path on this machine (git clones those by copying unless told --no-local,
    /// and filter-repo then refuses the copy as not freshly packed).</summary>
    public bool IsLocalPath => !Url.Contains("://", StringComparison.Ordinal) && !IsScpLike(Url);

    /// <summary>A name for folders: the remote's name with anything odd replaced.</summary>
    public string FolderName => new([.. (Name == ThisRepository ? "this" : Name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);

    public const string ThisRepository = "this repository";

    /// <summary>git's rule: `host:path` with the colon before any slash (and not a Windows drive letter).</summary>
    private static bool IsScpLike(string url)
    {
        int colon = url.IndexOf(':', StringComparison.Ordinal);
        int slash = url.IndexOf('/', StringComparison.Ordinal);
        return colon > 1 && (slash < 0 || colon < slash);
    }
}
