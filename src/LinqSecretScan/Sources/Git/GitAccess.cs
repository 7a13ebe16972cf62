using LibGit2Sharp;
using LinqSecretScan.Core;
using LinqSecretScan.Sources.Git.Cli;
using LinqSecretScan.Sources.Git.Managed;
using LinqSecretScan.Sources.Git.Native;

namespace LinqSecretScan.Sources.Git;

/// <summary>How blobs are read, decided once per repository by <see cref="GitAccess"/>.</summary>
internal enum BlobReading
{
    /// <summary>LibGit2Sharp on the thread that enumerates the source (it borrows the repository the source has
    /// open), direct libgit2 calls on the worker threads: the default.</summary>
    Mixed,

    /// <summary>LibGit2Sharp on every thread.</summary>
    Managed,

    /// <summary>Direct libgit2 calls on every thread.</summary>
    Native,

    /// <summary>`git cat-file --batch`.</summary>
    GitCli,
}

/// <summary>The one place that decides how a repository is read. It finds the repository, learns its format once
/// (<see cref="RepositoryFormat"/>: object format, partial clone, git's quarantine; the index's version and mandatory
/// extensions when a scan needs the index), takes the switches from the environment the program started with, and
/// hands the sources what to read with. Three ways, one folder each:
/// <list type="bullet">
/// <item><c>Managed/</c>, LibGit2Sharp: opening the repository, refs, commit walks and tree diffs, the staged diff
/// (narrowed by the index's cache-tree), and blob reads on the thread that enumerates the source.</item>
/// <item><c>Native/</c>, direct libgit2 calls: blob reads on worker threads (one lookup per blob, in place) and the
/// history's commit walk and tree comparisons (<see cref="NativeHistoryWalker"/>).</item>
/// <item><c>Cli/</c>, the git executable: what LibGit2Sharp 0.32 cannot read. SHA-256 repositories (the staged diff
/// and every blob), indexes with a mandatory extension (a split or sparse index: the staged diff and the list of
/// tracked files), and objects in git's quarantine; a history's blobs (<see cref="SharedCatFile"/>); and a partial
/// clone's missing blobs, fetched in batches from its promisor remote (<see cref="PromisorFetcher"/>).</item>
/// </list>
/// Object directories that only git's environment names (<see cref="Quarantine"/>: a pre-receive hook's quarantine,
/// where a push's objects wait until the hook accepts them) are handed to every libgit2 repository opened here, the
/// LibGit2Sharp one and the direct calls' alike (<see cref="OdbAlternates"/>), so each sees the objects git
/// sees.
/// bench/git-paths.sh measures each against the others.</summary>
internal sealed class GitAccess : IDisposable
{
    private readonly HostEnvironment _host;
    private readonly Lazy<IndexFile?> _index;
    private Repository? _repository;
    private SharedCatFile? _sharedCatFile;
    private long? _packBytes;

    private GitAccess(GitLocation location, RepositoryFormat format, GitSwitches switches, HostEnvironment host)
    {
        Location = location;
        Format = format;
        Switches = switches;
        _host = host;
        _index = new(() => ReadIndex(IndexFile, out _));
        ObjectDirectories = switches.IgnoreQuarantine || format.Quarantine is null
            ? []
            : format.Quarantine.ObjectDirectories.Where(d => !SameDirectory(d, Path.Combine(location.CommonDirectory, "objects"))).ToList();
        Blobs = format.ObjectFormat == ObjectFormat.Sha256 || switches.GitCli ? BlobReading.GitCli
            : switches.ManagedOnly ? BlobReading.Managed
            : switches.NativeRequired ? RequireNative()
            : BlobReading.Mixed;
        MissingHint = format.IsPartialClone
            ? $" (a partial clone: the promisor remote {string.Join(", ", format.PromisorRemotes)} has it, but it was not fetched)"
            : string.Empty;
    }

    /// <summary>Finds the repository for the `-C` option (or the environment and working directory).</summary>
    public static GitAccess Open(HostEnvironment host, string? repoOption) => For(GitLocation.Find(host, repoOption), host);

    public static GitAccess For(GitLocation location, HostEnvironment host) =>
        new(location, RepositoryFormat.Read(location, host), GitSwitches.From(host), host);

    public GitLocation Location { get; }

    public RepositoryFormat Format { get; }

    public GitSwitches Switches { get; }

    public BlobReading Blobs { get; }

    /// <summary>Object directories read besides the repository's own: those git's environment names (a pre-receive
    /// hook's quarantine), unless LINQ_SECRET_SCAN_IGNORE_QUARANTINE=1.</summary>
    public IReadOnlyList<string> ObjectDirectories { get; }

    /// <summary>The index git uses here (GIT_INDEX_FILE in a hook).</summary>
    public string IndexFile => Location.IndexFile(_host);

    /// <summary>LibGit2Sharp reads this repository's objects (SHA-1, outside a quarantine).</summary>
    public bool ManagedReadsObjects => Format.ObjectFormat == ObjectFormat.Sha1;

    /// <summary>Whether LibGit2Sharp can read the index, from the index's own format (read once). An index that
    /// cannot be parsed at all counts as readable: LibGit2Sharp then says what is wrong with it.</summary>
    public bool ManagedReadsIndex => _index.Value is not { LibGit2CanRead: false };

    /// <summary>Said after "is missing from the object database": in a partial clone that is expected.</summary>
    public string MissingHint { get; }

    /// <summary>The repository through LibGit2Sharp, opened on first use (the staged diff opens it with its index
    /// first). A format LibGit2Sharp cannot read is a <see cref="ScanException"/> naming it.</summary>
    public Repository Repository => _repository ??= OpenManaged(indexPath: null);

    /// <summary>The root that report paths are relative to.</summary>
    public string RootDirectory => _repository is { } repository
        ? repository.Info.WorkingDirectory ?? repository.Info.Path
        : Location.WorkTree ?? Location.GitDirectory;

    /// <summary>The git executable, in the work tree (or the git directory of a bare repository).</summary>
    public GitCli GitCli => new(Location.WorkTree ?? Location.GitDirectory, _host);

    /// <summary>Every value git's configuration gives the keys of <paramref name="section"/>, as `git config` reads them
    /// here (the system, global and repository files in that order, includes followed, `GIT_CONFIG_*` of the
    /// environment), each key in git's canonical form (section and name in lower case); a key written without `=` has
    /// a null value (git reads it as true).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> ConfigSection(string section)
    {
        byte[] output = GitCli.Run(
            ["config", "-z", "--get-regexp", "^" + System.Text.RegularExpressions.Regex.Escape(section) + "\\."],
            $"cannot read the git configuration of {Location.OpenPath}",
            indexPath: null,
            nothingFoundExitCode: 1);
        var entries = new List<KeyValuePair<string, string?>>();
        foreach (string entry in System.Text.Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = entry.IndexOf('\n', StringComparison.Ordinal);
            entries.Add(newline < 0 ? new(entry, null) : new(entry[..newline], entry[(newline + 1)..]));
        }

        return entries;
    }

    /// <summary>What the next commit adds, listed by LibGit2Sharp when it reads this index, by git otherwise.</summary>
    public IStagedChanges StagedChanges()
    {
        if (Format.IsBare)
        {
            throw new ScanException($"{Location.OpenPath} is a bare repository: it has no staged changes (use 'history' or 'commits')");
        }

        string indexFile = IndexFile;
        string? indexPath = _host.Variable("GIT_INDEX_FILE") is null ? null : indexFile;
        string? why = !ManagedReadsObjects ? $"LibGit2Sharp 0.32 cannot read this repository (it uses the sha256 object format)"
            : Switches.GitCli ? "LINQ_SECRET_SCAN_GIT_CLI=1 asks for git"
            : null;
        if (why is null)
        {
            var index = ReadIndex(indexFile, out var stamp);
            if (index is { LibGit2CanRead: false })
            {
                why = $"LibGit2Sharp 0.32 cannot read the index {indexFile} (index version {index.Version}, extension {string.Join(", ", index.MandatoryExtensions.Select(e => $"'{e}'"))})";
            }
            else
            {
                _repository ??= OpenManaged(indexPath);
                return new ManagedStagedChanges(_repository, indexFile, index, stamp, Switches.FullDiff);
            }
        }

        if (Location.WorkTree is null)
        {
            throw new ScanException($"{Location.OpenPath} is a bare repository: it has no staged changes (use 'history' or 'commits')");
        }

        return new GitCliStagedChanges(GitCli, indexPath, why, Blobs == BlobReading.GitCli
            ? (id, path) => new GitObjectRef(id, path)
            : (id, path) => new BlobRef(new ObjectId(id), path));
    }

    /// <summary>The reader of the thread that enumerates the source, which may share the repository the source has
    /// open (no other thread touches it).</summary>
    public IContentReader CreateMainReader() => Blobs switch
    {
        BlobReading.GitCli => new CatFileBatchReader(GitCli, MissingHint, lazyFetch: GitFetchesLazily),
        BlobReading.Native => new NativeBlobReader(Location.GitDirectory, ObjectDirectories, MissingHint),
        _ => new ManagedBlobReader(() => OpenManaged(null), Repository, MissingHint),
    };

    /// <summary>Packs at least this large are read through one shared `git cat-file`, smaller ones in-process. Measured
    /// on 2026-11-30 (NativeAOT, `history`, load 3 to 5): a 1,300-commit generated repository 0.37-0.43 s in-process
    /// against 0.64-0.80 s through `git cat-file`; git/git as of 2010 (30 MB pack) 5.4 s against 9.3 s; git/git's
    /// master (304 MB pack, long delta chains, where git's delta base cache pays) 69 s against 45.5 s.</summary>
    internal const long SharedCatFilePackBytes = 128L * 1024 * 1024;

    /// <summary>A reader for a scan that reads many blobs (a history), for any thread. In a repository whose packs
    /// hold <see cref="SharedCatFilePackBytes"/> or more, all of them share one `git cat-file --batch`
    /// (<see cref="SharedCatFile"/>), which inflates long delta chains faster than libgit2 and works beside the
    /// scanner's threads; in a smaller one, and without git, or with a switch that pins another way, the usual
    /// readers (in-process, faster there).</summary>
    public IContentReader CreateBulkReader()
    {
        if (!UsesSharedCatFile)
        {
            return CreateReader();
        }

        _sharedCatFile ??= new SharedCatFile(GitCli, MissingHint, Blobs == BlobReading.GitCli ? CreateReader : CreateFallbackReader, GitFetchesLazily);
        return _sharedCatFile.CreateReader();
    }

    private bool UsesSharedCatFile => Blobs is BlobReading.GitCli
        || (Blobs == BlobReading.Mixed && (Switches.HistoryThroughGit ?? (!LibGit2.IsAvailable || Format.IsPartialClone || PackBytes() >= SharedCatFilePackBytes)));

    /// <summary>The bytes of the repository's pack files (0 when the folder cannot be listed: then the in-process
    /// readers, which report what they cannot read).</summary>
    private long PackBytes()
    {
        if (_packBytes is long known)
        {
            return known;
        }

        long total = 0;
        try
        {
            foreach (var pack in new DirectoryInfo(Path.Combine(Location.CommonDirectory, "objects", "pack")).EnumerateFiles("*.pack"))
            {
                total += pack.Length;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            total = 0;
        }

        _packBytes = total;
        return total;
    }

    /// <summary>What <see cref="CreateReader"/> gives when the git executable cannot be used.</summary>
    private IContentReader CreateFallbackReader() => LibGit2.IsAvailable
        ? new NativeBlobReader(Location.GitDirectory, ObjectDirectories, MissingHint)
        : new ManagedBlobReader(() => OpenManaged(null), null, MissingHint);

    /// <summary>Adds what reading this repository kept to <paramref name="counts"/>: libgit2's object cache, and the
    /// peak memory of the git process that read the blobs.</summary>
    public void AddStatistics(IDictionary<string, long> counts)
    {
        if (LibGit2.IsAvailable)
        {
            var (current, allowed) = LibGit2.CachedMemory();
            counts["libgit2.cachedBytes"] = current;
            counts["libgit2.cacheLimit"] = allowed;
        }

        if (_sharedCatFile?.PeakResidentBytes() is long peak)
        {
            counts["git.catFilePeakRss"] = peak;
        }
    }

    /// <summary>A SHA-256 partial clone: the promisor fetcher cannot look up what is missing there (LibGit2Sharp cannot
    /// read it), so git fetches each missing blob itself as it reads it, one fetch per blob.</summary>
    private bool GitFetchesLazily => Format.IsPartialClone && !ManagedReadsObjects;

    /// <summary>The fetcher of a partial clone's missing blobs (from its own promisor remotes), or null when there is
    /// nothing to fetch from or git fetches lazily (<see cref="GitFetchesLazily"/>). Presence is asked of
    /// <see cref="Repository"/>, on the thread that enumerates the source.</summary>
    public PromisorFetcher? Fetcher(List<string> problems) =>
        Format.IsPartialClone && ManagedReadsObjects && Format.Quarantine is null
            ? new PromisorFetcher(GitCli, Format.PromisorRemotes, id => Repository.ObjectDatabase.Contains(id), problems)
            : null;

    /// <summary>A reader for a worker thread.</summary>
    public IContentReader CreateReader() => Blobs switch
    {
        BlobReading.GitCli => new CatFileBatchReader(GitCli, MissingHint, lazyFetch: GitFetchesLazily),
        BlobReading.Native => new NativeBlobReader(Location.GitDirectory, ObjectDirectories, MissingHint),
        BlobReading.Mixed when LibGit2.IsAvailable => new NativeBlobReader(Location.GitDirectory, ObjectDirectories, MissingHint),
        _ => new ManagedBlobReader(() => OpenManaged(null), null, MissingHint),
    };

    /// <summary>A history is walked by `git log --raw` (<see cref="GitLogWalker"/>) and its blobs read through one
    /// `git cat-file`: where the shared cat-file reads them (a large pack, a partial clone), unless a switch pins the
    /// in-process walk; LINQ_SECRET_SCAN_HISTORY_GIT=1 asks for it whatever the size (tests), =0 never.</summary>
    public bool HistoryThroughGit => Switches.HistoryThroughGit ?? (UsesSharedCatFile && Blobs == BlobReading.Mixed);

    /// <summary>The direct libgit2 commit walk and tree comparison for a history, or null to diff each commit through
    /// LibGit2Sharp.</summary>
    public NativeHistoryWalker? HistoryWalker() =>
        Blobs != BlobReading.Managed && LibGit2.IsAvailable ? new NativeHistoryWalker(NativeRepository.Open(Location.GitDirectory, ObjectDirectories)) : null;

    /// <summary>libgit2's object cache holds up to 256 MiB by default and its pack windows map up to 8 GiB (resident as
    /// far as read); for a scan that reads a whole history both are bounded here, before anything opens a pack: the
    /// cache to 32 MiB (a history reads each tree and commit about twice, close together), the mapped packs to 128 MiB
    /// in windows of 32 MiB. Settings of the whole process, for every repository handle.</summary>
    public void BoundNativeMemoryForHistory()
    {
        if (Blobs == BlobReading.Managed || !LibGit2.IsAvailable)
        {
            return;
        }

        LibGit2.SetCacheMaxSize(32L << 20);
        LibGit2.SetPackWindows(32L << 20, 128L << 20);
    }

    private Repository OpenManaged(string? indexPath)
    {
        if (!ManagedReadsObjects)
        {
            throw new ScanException(
                $"cannot open the git repository at {Location.OpenPath}: it uses the sha256 object format, and LibGit2Sharp 0.32 reads SHA-1 repositories only; 'dir' can still scan its files");
        }

        var repository = ManagedRepository.Open(Location, indexPath);
        try
        {
            OdbAlternates.AddTo(repository, ObjectDirectories);
        }
        catch
        {
            repository.Dispose();
            throw;
        }

        return repository;
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static BlobReading RequireNative() => LibGit2.IsAvailable
        ? BlobReading.Native
        : throw new ScanException($"LINQ_SECRET_SCAN_MANAGED_GIT=0 requires the direct libgit2 calls, but {LibGit2.Library} cannot be loaded here");

    /// <summary>The index as it is now, with the file's stamp taken before reading it; null when there is none or it
    /// is not an index that can be followed to its end.</summary>
    private static IndexFile? ReadIndex(string indexFile, out FileStamp? stamp)
    {
        stamp = FileStamp.Of(indexFile);
        if (stamp is null)
        {
            return null;
        }

        try
        {
            return Git.IndexFile.TryRead(File.ReadAllBytes(indexFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _sharedCatFile?.Dispose();
        _repository?.Dispose();
    }
}
