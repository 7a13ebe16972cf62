using System.Text;
using LinqSecretScan.Core;

namespace LinqSecretScan.Purge;

/// <summary>The folder a kit is written into. replacements.txt holds every secret in clear, so the folder is made
/// private before anything is written (mode 0700), each file is created with its final mode (0600) in the same
/// call that creates it, so it is never readable by others even for a moment, and never opened through a file that
/// is already there (a planted file or symlink).</summary>
/// <remarks>
/// Refused, exit 2:
/// <list type="bullet">
/// <item>a folder inside the repository's work tree, where one `git add .` would commit the secrets again, or
/// inside its git directory (or, for a linked worktree, the common git directory), where git's own commands may
/// delete or pack it; in a bare repository, the repository folder itself is its git directory. Both sides are
/// compared after resolving symlinks.</item>
/// <item>an existing folder that is not empty: an earlier kit (or anything else) must not be mixed with or
/// overwritten by this one, and its files' modes are not this tool's to vouch for. An empty existing folder is
/// taken, and made 0700.</item>
/// <item>a path that exists and is not a folder.</item>
/// </list>
/// </remarks>
internal sealed class KitDirectory
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private KitDirectory(string path) => FullPath = path;

    /// <summary>The folder, absolute, as the user named it (symlinks not resolved: commands in the plan use it).</summary>
    public string FullPath { get; }

    /// <summary>Checks <paramref name="requested"/> against the repository's folders, then creates (or takes) it.</summary>
    /// <param name="requested">The -o argument, relative to <paramref name="workingDirectory"/>.</param>
    /// <param name="workingDirectory">The directory the program was started in.</param>
    /// <param name="repositoryFolders">The work tree (if any), the git directory and the common git directory.</param>
    public static KitDirectory Prepare(string requested, string workingDirectory, IEnumerable<string> repositoryFolders)
    {
        string full = Validate(requested, workingDirectory, repositoryFolders);
        if (Directory.Exists(full))
        {
            MakePrivate(full, requested);
            return new KitDirectory(full);
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(full);
            }
            else
            {
                Directory.CreateDirectory(full, FolderMode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot create the kit folder {requested}: {ex.Message}", ex);
        }

        MakePrivate(full, requested);
        return new KitDirectory(full);
    }

    /// <summary>The checks of <see cref="Prepare"/> without creating anything (run before a long scan, so that a bad
    /// folder is refused at once); returns the absolute path.</summary>
    public static string Validate(string requested, string workingDirectory, IEnumerable<string> repositoryFolders)
    {
        if (requested.Length == 0)
        {
            throw new ScanException("the kit folder (-o) is empty: name a new or empty folder outside the repository");
        }

        string full = Path.GetFullPath(requested, workingDirectory);
        string resolved = Resolve(full);
        foreach (string folder in repositoryFolders.Where(f => f.Length > 0))
        {
            string root = Resolve(Path.GetFullPath(folder));
            if (IsWithin(resolved, root) || IsWithin(full, Path.GetFullPath(folder)))
            {
                throw new ScanException(
                    $"the kit folder {requested} is inside the repository ({root}); replacements.txt holds the secrets in clear and would be one 'git add' from being committed: choose a folder outside it, such as ../linq-purge-kit");
            }
        }

        if (File.Exists(full))
        {
            throw new ScanException($"the kit folder {requested} is a file: name a new or empty folder");
        }

        if (Directory.Exists(full))
        {
            bool empty;
            try
            {
                empty = !Directory.EnumerateFileSystemEntries(full).Any();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ScanException($"cannot read the kit folder {requested}: {ex.Message}", ex);
            }

            if (!empty)
            {
                throw new ScanException($"the kit folder {requested} is not empty: name a new or empty folder (an earlier kit is never overwritten or mixed with a new one)");
            }
        }

        return full;
    }

    /// <summary>Writes a new file in the folder with mode 0600 from the start; fails if the name exists.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(FullPath, name);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        try
        {
            using var stream = new FileStream(path, options);
            var bytes = new UTF8Encoding(false).GetBytes(content);
            stream.Write(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write {path}: {ex.Message}", ex);
        }

        return path;
    }

    /// <summary>0700 on the folder itself: a folder made by CreateDirectory gets at most that (umask can only take
    /// away), an existing empty one may have had anything.</summary>
    private static void MakePrivate(string full, string requested)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(full, FolderMode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot make the kit folder {requested} private (mode 0700): {ex.Message}", ex);
        }

        if (File.GetUnixFileMode(full) != FolderMode)
        {
            throw new ScanException($"the kit folder {requested} cannot be made private (mode 0700)");
        }
    }

    /// <summary>The path with every symlink along it resolved (realpath(3)), as far as it exists; the rest is
    /// appended as named. Link loops stop after 40 links, as the kernel does.</summary>
    internal static string Resolve(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath) ?? "/";
        string current = root;
        var pending = new Queue<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        int links = 0;
        while (pending.TryDequeue(out string? part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            string next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target && ++links <= 40)
            {
                var rest = pending.ToList();
                pending.Clear();
                if (Path.IsPathRooted(target))
                {
                    current = Path.GetPathRoot(target) ?? root;
                }

                foreach (string piece in target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                {
                    pending.Enqueue(piece);
                }

                continue;
            }

            if (!info.Exists && !Directory.Exists(next))
            {
                return Path.Combine([next, .. pending]);
            }

            current = next;
        }

        return current;
    }

    internal static bool IsWithin(string path, string root)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        string trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        string trimmedPath = Path.TrimEndingDirectorySeparator(path);
        return trimmedPath.Equals(trimmedRoot, comparison)
            || trimmedPath.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, comparison);
    }
}
