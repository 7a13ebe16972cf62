using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>Opens a repository with LibGit2Sharp and turns its failures into one-line messages.</summary>
internal static class GitRepositoryOpener
{
    /// <summary>libgit2 re-hashes every object it reads (with collision detection) unless told not to; git itself
    /// does not when it reads (cat-file, log -p, diff), and zlib still rejects corrupt data. Measured on 5,000
    /// staged files (121 MB), reading them took 1.25 s with the check and 0.50 s without.</summary>
    private static readonly bool HashVerificationOff = DisableStrictHashVerification();

    private static bool DisableStrictHashVerification()
    {
        GlobalSettings.SetStrictHashVerification(false);
        return true;
    }

    public static Repository Open(GitRepositoryLocator.Location location, string? indexPath = null)
    {
        _ = HashVerificationOff;
        var options = new RepositoryOptions();
        if (location.WorkTree is not null && !Path.Exists(Path.Combine(location.WorkTree, ".git")))
        {
            options.WorkingDirectoryPath = location.WorkTree;
        }

        if (indexPath is not null)
        {
            options.IndexPath = indexPath;
        }

        try
        {
            var repository = new Repository(location.OpenPath, options);
            RejectUnsupportedFormats(repository);
            return repository;
        }
        catch (RepositoryNotFoundException ex)
        {
            throw new ScanException($"not a git repository: {location.OpenPath} ({OneLine(ex.Message)})", ex);
        }
        catch (LibGit2SharpException ex) when (ex.Message.Contains("not owned by current user", StringComparison.Ordinal))
        {
            throw new ScanException(
                $"git refuses to work in {location.OpenPath}: it is owned by another user and not listed in safe.directory (if you trust it: git config --global --add safe.directory {location.OpenPath})",
                ex);
        }
        catch (LibGit2SharpException ex) when (ex.Message.Contains("object format", StringComparison.Ordinal))
        {
            throw new ScanException(
                $"cannot open the git repository at {location.OpenPath}: LibGit2Sharp 0.32 reads SHA-1 repositories only ({OneLine(ex.Message)}); 'dir' can still scan its files",
                ex);
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot open the git repository at {location.OpenPath}: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>Opens a repository for a scan of its refs, refusing one whose refs name objects that cannot be read.
    /// LibGit2Sharp answers an unreadable ref target (a truncated or corrupt pack, a deleted loose object) with null,
    /// not an error: a history walk from such refs silently covers nothing and would look clean.</summary>
    public static Repository OpenWithReadableRefs(GitRepositoryLocator.Location location)
    {
        var repository = Open(location);
        try
        {
            foreach (var reference in repository.Refs)
            {
                if (reference.ResolveToDirectReference() is { } direct && direct.Target is null)
                {
                    throw new ScanException(
                        $"{reference.CanonicalName} points at {direct.TargetIdentifier}, which cannot be read: the repository is corrupt or incomplete (git fsck says more)");
                }
            }

            if (!repository.Info.IsHeadUnborn && repository.Head.Tip is null)
            {
                throw new ScanException("HEAD points at a commit that cannot be read: the repository is corrupt or incomplete (git fsck says more)");
            }

            return repository;
        }
        catch (LibGit2SharpException ex)
        {
            repository.Dispose();
            throw new ScanException($"cannot read the refs of {location.OpenPath}: {OneLine(ex.Message)}", ex);
        }
        catch (ScanException)
        {
            repository.Dispose();
            throw;
        }
    }

    /// <summary>Reads the index file named by GIT_INDEX_FILE, as git does for hooks (relative paths are relative to
    /// the current directory, which git sets to the work tree root for hooks).</summary>
    public static string? IndexFromEnvironment(string? workTree)
    {
        string? value = Environment.GetEnvironmentVariable("GIT_INDEX_FILE");
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Path.IsPathRooted(value))
        {
            return value;
        }

        string fromCwd = Path.GetFullPath(value);
        if (File.Exists(fromCwd) || workTree is null)
        {
            return fromCwd;
        }

        return Path.GetFullPath(Path.Combine(workTree, value));
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static void RejectUnsupportedFormats(Repository repository)
    {
        string? objectFormat = repository.Config.Get<string>("extensions.objectformat")?.Value;
        if (objectFormat is not null && !objectFormat.Equals("sha1", StringComparison.OrdinalIgnoreCase))
        {
            repository.Dispose();
            throw new ScanException($"this repository uses the {objectFormat} object format, which LibGit2Sharp 0.32 cannot read");
        }
    }
}
