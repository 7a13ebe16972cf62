using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>Yields what a scan mode covers. Only sources touch git.</summary>
internal interface IScanSource : IDisposable
{
    /// <summary>A short name for messages: "staged changes", "commits A..B".</summary>
    string Description { get; }

    /// <summary>The root that report paths are relative to (for config and ignore files).</summary>
    string RootDirectory { get; }

    /// <summary>True when items come parents first and each secret must be reported once per path, at the
    /// commit that introduced it (history); false when each item reports what it adds (staged, commits, dir).</summary>
    bool ReportFirstIntroductionOnly { get; }

    /// <summary>Problems met while enumerating (a commit whose tree is missing, an unreadable directory). The scan
    /// goes on; any problem makes it incomplete.</summary>
    IReadOnlyList<string> Problems { get; }

    /// <summary>Things the user should know that do not make the scan incomplete.</summary>
    IReadOnlyList<string> Warnings => [];

    /// <summary>Enumerates the items, on one thread.</summary>
    IEnumerable<ScanItem> Items(ScanProgress progress);

    /// <summary>A reader of this source's content for one thread.</summary>
    IContentReader CreateReader();

    /// <summary>The reader of the thread that enumerates the items: it may share what the source itself holds open
    /// (its repository), which no other thread touches.</summary>
    IContentReader CreateMainReader() => CreateReader();

    /// <summary>The version of a path at HEAD, for history findings' "still present at HEAD"; null when the
    /// source has no HEAD or the path is not there.</summary>
    ScanItem? ItemAtHead(string path) => null;

    /// <summary>For sources of commits (history, commits): whether each of <paramref name="commits"/> was pushed,
    /// and where (see <see cref="Exposure"/>). Commits it cannot answer for are left out, with a warning.</summary>
    IReadOnlyDictionary<string, Exposure> Exposures(IReadOnlyCollection<string> commits, ICollection<string> warnings) =>
        new Dictionary<string, Exposure>();

    /// <summary>Adds what this source keeps (entries of its sets, native caches) to <paramref name="counts"/>.</summary>
    void AddStatistics(IDictionary<string, long> counts)
    {
    }
}
