using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>The switches that pin one way of reading git, for tests and benchmarks (CONTRIBUTING.md lists them). They
/// come from the environment Program read at start-up, never from the live one.</summary>
/// <param name="ManagedOnly">LINQ_SECRET_SCAN_MANAGED_GIT=1: LibGit2Sharp only, no direct libgit2 calls.</param>
/// <param name="NativeRequired">LINQ_SECRET_SCAN_MANAGED_GIT=0: the direct libgit2 calls for every blob and the
/// history walk; a platform where they cannot load is an error instead of a fallback.</param>
/// <param name="FullDiff">LINQ_SECRET_SCAN_FULL_DIFF=1: `staged` diffs the whole index, not the paths its cache-tree
/// leaves.</param>
/// <param name="GitCli">LINQ_SECRET_SCAN_GIT_CLI=1: `staged` lists its changes and every scan reads its blobs through
/// the git executable, as for a SHA-256 repository.</param>
/// <param name="IgnoreQuarantine">LINQ_SECRET_SCAN_IGNORE_QUARANTINE=1: libgit2 is not told about the object directories
/// of git's environment (a pre-receive hook's quarantine), so a push's objects are not found: the tests show with it
/// that reading them takes that.</param>
/// <param name="HistoryThroughGit">LINQ_SECRET_SCAN_HISTORY_GIT=1: a history is walked by `git log` and its blobs read
/// through one `git cat-file` whatever the repository's size; =0: in-process whatever the size; unset: by size.</param>
internal sealed record GitSwitches(bool ManagedOnly, bool NativeRequired, bool FullDiff, bool GitCli, bool IgnoreQuarantine = false, bool? HistoryThroughGit = null)
{
    public static GitSwitches From(HostEnvironment host) => new(
        ManagedOnly: host.Variable("LINQ_SECRET_SCAN_MANAGED_GIT") == "1",
        NativeRequired: host.Variable("LINQ_SECRET_SCAN_MANAGED_GIT") == "0",
        FullDiff: host.Variable("LINQ_SECRET_SCAN_FULL_DIFF") == "1",
        GitCli: host.Variable("LINQ_SECRET_SCAN_GIT_CLI") == "1",
        IgnoreQuarantine: host.Variable("LINQ_SECRET_SCAN_IGNORE_QUARANTINE") == "1",
        HistoryThroughGit: host.Variable("LINQ_SECRET_SCAN_HISTORY_GIT") switch { "1" => true, "0" => false, _ => null });
}
