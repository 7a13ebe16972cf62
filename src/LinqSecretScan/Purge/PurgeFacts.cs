using LinqSecretScan.Core;

namespace LinqSecretScan.Purge;

/// <summary>Everything a kit is made from: the findings of the history scan and what git said about the
/// repository. Plain data; the git side (<see cref="Sources.Git.CommitReach"/>) is asked once by the command.</summary>
internal sealed record PurgeFacts
{
    /// <summary>The scanned repository: its work tree, or the repository folder when it is bare.</summary>
    public required string RepositoryPath { get; init; }

    public required bool IsBare { get; init; }

    public required string KitPath { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Canonical names of the refs whose history holds a finding's commit.</summary>
    public required IReadOnlyList<string> AffectedRefs { get; init; }

    /// <summary>Configured remotes: name and fetch URL as configured.</summary>
    public required IReadOnlyList<(string Name, string Url)> Remotes { get; init; }

    public bool IncludeReflog { get; init; }

    public bool Verified { get; init; }

    /// <summary>Secrets left out of replacements.txt because no line can carry them.</summary>
    public int UnwritableSecrets { get; init; }

    /// <summary>Findings whose secret --replace-text cannot reach as committed (UTF-16 or UTF-32 text, a NUL in the
    /// first 8 KiB): the kit then adds blob-callback.py and the plan passes it to filter-repo.</summary>
    public int OutOfReplaceTextsReach { get; init; }

    /// <summary>What the scan could not read: the kit may be incomplete.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public DateTimeOffset Written { get; init; } = DateTimeOffset.UtcNow;
}
