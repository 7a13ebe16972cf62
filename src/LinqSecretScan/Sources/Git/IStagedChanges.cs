namespace LinqSecretScan.Sources.Git;

/// <summary>What the next commit adds: the index against HEAD, as scan items (deletions, submodules and symlinks
/// left out), made by LibGit2Sharp (<see cref="Managed.ManagedStagedChanges"/>) or by git
/// (<see cref="Cli.GitCliStagedChanges"/>), whichever <see cref="GitAccess"/> chose.</summary>
internal interface IStagedChanges
{
    /// <summary>The whole list up front: it is small, and a failure to read the index or HEAD must end the scan
    /// before anything is reported, not half way through.</summary>
    List<ScanItem> Items();
}
