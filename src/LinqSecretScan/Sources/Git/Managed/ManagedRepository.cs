using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git.Managed;

/// <summary>Opens a repository with LibGit2Sharp and turns its failures into one-line messages. Only
/// <see cref="GitAccess"/> calls this, for a format it knows LibGit2Sharp reads.</summary>
internal static class ManagedRepository
{
    /// <summary>libgit2 re-hashes every object it reads (with collision detection) unless told not to; git itself
    /// does not when it reads (cat-file, log -p, diff), and zlib still rejects corrupt data. Measured on 5,000
    /// staged files (121 MB), reading them took 1.25 s with the check and 0.50 s without. Each blob the scanner reads
    /// is checked against its id instead (<see cref="BlobIntegrity"/>).</summary>
    private static readonly bool HashVerificationOff = DisableStrictHashVerification();

    private static bool DisableStrictHashVerification()
    {
        GlobalSettings.SetStrictHashVerification(false);
        return true;
    }

    /// <param name="indexPath">The index to read instead of the repository's own (GIT_INDEX_FILE); LibGit2Sharp reads
    /// a named index as it opens the repository.</param>
    public static Repository Open(GitLocation location, string? indexPath = null)
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
            return new Repository(location.OpenPath, options);
        }
        catch (RepositoryNotFoundException ex)
        {
            throw new ScanException($"not a git repository: {location.OpenPath} ({OneLine(ex.Message)})", ex);
        }
        catch (LibGit2SharpException ex) when (ex.Message.Contains("not owned by current user", StringComparison.Ordinal))
        {
            // Not a choice of how to read: libgit2's ownership check, told the way git tells it, with the fix.
            throw new ScanException(
                $"git refuses to work in {location.OpenPath}: it is owned by another user and not listed in safe.directory (if you trust it: git config --global --add safe.directory {location.OpenPath})",
                ex);
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot open the git repository at {location.OpenPath}: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>Refuses a repository whose refs name objects that cannot be read. LibGit2Sharp answers an unreadable
    /// ref target (a truncated or corrupt pack, a deleted loose object) with null, not an error: a history walk from
    /// such refs silently covers nothing and would look clean.</summary>
    public static void RequireReadableRefs(Repository repository, GitLocation location)
    {
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
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot read the refs of {location.OpenPath}: {OneLine(ex.Message)}", ex);
        }
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
