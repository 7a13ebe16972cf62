namespace LinqSecretScan.Core;

/// <summary>Whether the commit that introduced a finding has left this machine: it is "pushed" when a
/// remote-tracking ref (refs/remotes/REMOTE/...) reaches it, for each such REMOTE; "unpushed" when only local refs
/// do. Remote-tracking refs are what this clone last saw of each remote, so "unpushed" means "not on any remote as
/// of the last fetch or push".</summary>
internal sealed record Exposure(IReadOnlyList<string> PushedTo)
{
    public bool Pushed => PushedTo.Count > 0;

    /// <summary>The contract's name: <c>pushed</c> or <c>unpushed</c>.</summary>
    public string Name => Pushed ? "pushed" : "unpushed";

    /// <summary>With <c>history --include-reflog</c>: true when no ref reaches the commit, only reflog entries (a
    /// stash entry, a commit dropped by a reset or rebase). Null without that option.</summary>
    public bool? OnlyInReflog { get; init; }
}
