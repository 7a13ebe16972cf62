using System.IO.Enumeration;
using LibGit2Sharp;
using LinqSecretScan.Core;
using LinqSecretScan.Sources.Git;
using LinqSecretScan.Sources.Git.Managed;

namespace LinqSecretScan.Sources.Files;

/// <summary>Files on disk, with or without git. `.git` folders are skipped and symlinks are not followed (a
/// link could lead out of the tree or round in a loop; a target inside the tree is scanned as itself). Every
/// file's content is scanned, ignored or not: an audit looks at what is on disk. Inside a work tree, paths are
/// relative to the repository root, and a .env-style file is reported when it is tracked or not ignored (one
/// `git add .` from a leak); outside git, paths are relative to the scanned folder and every .env-style file is
/// reported.</summary>
internal sealed class DirSource : IScanSource
{
    private readonly IReadOnlyList<string> _targets;
    private readonly GitAccess? _git;
    private readonly Repository? _repository;
    private readonly List<string> _problems = [];
    private readonly List<string> _warnings = [];
    private HashSet<string>? _trackedByGit;
    private bool _askedGit;

    private DirSource(IReadOnlyList<string> targets, string root, GitAccess? git, Repository? repository)
    {
        _targets = targets;
        RootDirectory = root;
        _git = git;
        _repository = repository;
    }

    /// <param name="path">The file or folder to scan, relative to the working directory the program started in.</param>
    public static DirSource Open(HostEnvironment host, string? path) => Open(host, [path ?? "."]);

    /// <summary>Several paths make one scan and one report (`dir src config`, or the files the pre-commit framework
    /// passes): they must all be inside the same work tree, or all outside git, where report paths are relative to
    /// the deepest folder holding them all. A file reached twice (`dir src src/app`) is scanned once.</summary>
    /// <param name="paths">Files or folders, relative to the working directory the program started in.</param>
    public static DirSource Open(HostEnvironment host, IReadOnlyList<string> paths)
    {
        var targets = new List<string>();
        string? workTree = null;
        string? firstPath = null;
        foreach (string path in paths)
        {
            string target = Path.TrimEndingDirectorySeparator(host.FullPath(path));
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                throw new ScanException($"no such file or directory: {path}");
            }

            string? itsWorkTree = FindWorkTree(Directory.Exists(target) ? target : Path.GetDirectoryName(target)!);
            if (firstPath is not null && itsWorkTree != workTree)
            {
                throw new ScanException(
                    $"{firstPath} and {path} are not in the same git work tree ({workTree ?? "none"}, {itsWorkTree ?? "none"}); scan them one at a time");
            }

            (firstPath, workTree) = (path, itsWorkTree);
            if (!targets.Contains(target, StringComparer.Ordinal))
            {
                targets.Add(target);
            }
        }

        if (workTree is null)
        {
            return new DirSource(targets, CommonFolder(targets), null, null);
        }

        GitAccess? git = null;
        try
        {
            git = GitAccess.For(GitLocation.At(workTree, workTree), host);
            return new DirSource(targets, workTree, git, git.Repository);
        }
        catch (ScanException ex)
        {
            git?.Dispose();
            var plain = new DirSource(targets, workTree, null, null);
            plain._warnings.Add($"{ex.Message}; scanning the files without git, so every .env-style file is reported");
            return plain;
        }
    }

    /// <summary>The scanned folder (the folder of a scanned file), or for several paths the deepest folder that
    /// holds them all.</summary>
    private static string CommonFolder(IReadOnlyList<string> targets)
    {
        var folders = targets.Select(t => Directory.Exists(t) ? t : Path.GetDirectoryName(t)!).ToList();
        string? common = folders[0];
        while (common is not null && !folders.All(f => f == common || f.StartsWith(Path.TrimEndingDirectorySeparator(common) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            common = Path.GetDirectoryName(common);
        }

        return common ?? throw new ScanException($"{folders[0]} and {folders[^1]} have no folder in common; scan them one at a time");
    }

    public string Description
    {
        get
        {
            string what = _targets.Count switch
            {
                1 => _targets[0],
                <= 3 => string.Join(", ", _targets),
                _ => $"{_targets.Count} paths under {RootDirectory}",
            };
            return _repository is null ? what : $"{what} (work tree {RootDirectory})";
        }
    }

    public string RootDirectory { get; }

    public bool ReportFirstIntroductionOnly => false;

    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyList<string> Warnings => _warnings;

    public IContentReader CreateReader() => new FileContentReader();

    public IEnumerable<ScanItem> Items(ScanProgress progress)
    {
        var seen = _targets.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        var files = _targets.SelectMany(t => File.Exists(t) ? [(t, new FileInfo(t).Length)] : EnumerateFiles(t));
        foreach (var (full, length) in files)
        {
            if (seen is not null && !seen.Add(full))
            {
                continue;
            }

            string relative = ReportPaths.FromNative(RelativeToRoot(full));
            yield return new ScanItem
            {
                Path = relative,
                Content = new FileRef(full, relative) { Length = length },
                ReportFileName = _repository is null || !MayBeEnvFile(relative) || IsTrackedOrNotIgnored(relative),
            };
        }
    }

    /// <summary>Regular files under a folder, in name order, each with the length its directory entry's lstat gave
    /// (so the file is not stat'ed again). Symbolic links and `.git` are passed over.</summary>
    private IEnumerable<(string FullPath, long Length)> EnumerateFiles(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            List<(string Name, string FullPath, bool IsDirectory, long Length)> entries;
            try
            {
                entries = new FileSystemEnumerable<(string, string, bool, long)>(
                    current,
                    (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.ToFullPath(), entry.IsDirectory, entry.IsDirectory ? 0 : entry.Length),
                    new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint })
                    .ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                _problems.Add($"cannot list {current}: {ex.Message}");
                continue;
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var entry in entries.Where(e => !e.IsDirectory))
            {
                yield return (entry.FullPath, entry.Length);
            }

            foreach (var entry in entries.Where(e => e.IsDirectory && e.Name != ".git").Reverse())
            {
                pending.Push(entry.FullPath);
            }
        }
    }

    /// <summary>Paths listed under the root are cut from it directly; <see cref="Path.GetRelativePath"/> normalises
    /// both paths again for every file.</summary>
    private string RelativeToRoot(string full)
    {
        string root = Path.TrimEndingDirectorySeparator(RootDirectory);
        return full.Length > root.Length + 1 && full.StartsWith(root, StringComparison.Ordinal) && full[root.Length] == Path.DirectorySeparatorChar
            ? full[(root.Length + 1)..]
            : Path.GetRelativePath(RootDirectory, full);
    }

    /// <summary>Only a name with ".env" in it can be a .env-style file; asking git about every other file (an
    /// index lookup and an ignore check each) would cost more than scanning it.</summary>
    private static bool MayBeEnvFile(string relative) =>
        IgnoreCase.Contains(Path.GetFileName(relative.AsSpan()), ".env");

    private bool IsTrackedOrNotIgnored(string relative)
    {
        try
        {
            return IsTracked(relative) || !_repository!.Ignore.IsPathIgnored(relative);
        }
        catch (LibGit2SharpException)
        {
            return true;
        }
    }

    /// <summary>Whether the index has the path: LibGit2Sharp looks it up when it can read this index's format, `git
    /// ls-files` lists the index once otherwise (a split or sparse index), or when LibGit2Sharp fails on it anyway. If
    /// git cannot list it either, every path counts as tracked, so a .env file is reported rather than missed.</summary>
    private bool IsTracked(string relative)
    {
        if (!_askedGit && _git!.ManagedReadsIndex)
        {
            try
            {
                return _repository!.Index[relative] is not null;
            }
            catch (LibGit2SharpException ex)
            {
                _trackedByGit = TrackedByGit($"LibGit2Sharp cannot read the index ({ManagedRepository.OneLine(ex.Message)})");
                _askedGit = true;
            }
        }
        else if (!_askedGit)
        {
            _trackedByGit = TrackedByGit($"LibGit2Sharp 0.32 cannot read the index {_git!.IndexFile}");
            _askedGit = true;
        }

        return _trackedByGit?.Contains(relative) ?? true;
    }

    private HashSet<string>? TrackedByGit(string why)
    {
        try
        {
            byte[] listing = _git!.GitCli.Run(["ls-files", "-z"], why);
            return new HashSet<string>(System.Text.Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        }
        catch (ScanException ex)
        {
            _warnings.Add($"{ex.Message}; every .env-style file is reported");
            return null;
        }
    }

    private static string? FindWorkTree(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Path.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public void Dispose() => _git?.Dispose();
}
