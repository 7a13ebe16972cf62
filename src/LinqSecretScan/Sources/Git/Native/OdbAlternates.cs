using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git.Native;

/// <summary>Tells libgit2 about object directories that only git's environment names (a pre-receive hook's quarantine,
/// <see cref="Quarantine"/>): each is added to the repository's object database as an alternate, so lookups find the
/// pushed objects there and the repository's own everywhere else. libgit2 reads GIT_OBJECT_DIRECTORY and
/// GIT_ALTERNATE_OBJECT_DIRECTORIES only when a repository is opened "from the environment", which LibGit2Sharp never
/// does; `git_odb_add_disk_alternate` on the repository's own object database is what it takes.</summary>
internal static class OdbAlternates
{
    /// <summary>Adds the directories to a LibGit2Sharp repository. LibGit2Sharp 0.32 does not hand out its libgit2
    /// handle; its internal <c>Repository.Handle</c> is reached with an <see cref="UnsafeAccessorAttribute"/>, which
    /// the compiler binds (no reflection, so it works under trimming and NativeAOT) and which fails loudly, not
    /// silently, should a LibGit2Sharp version not have it. The handle is a SafeHandle over the git_repository
    /// pointer.</summary>
    public static void AddTo(Repository repository, IReadOnlyList<string> directories)
    {
        if (directories.Count == 0)
        {
            return;
        }

        SafeHandle handle;
        try
        {
            handle = (SafeHandle)RepositoryHandle(repository);
        }
        catch (Exception ex) when (ex is MissingMemberException or InvalidCastException)
        {
            throw new ScanException($"cannot read git's quarantine: this LibGit2Sharp does not expose its repository handle ({ex.Message})", ex);
        }

        AddTo(handle.DangerousGetHandle(), directories);
        GC.KeepAlive(repository);
    }

    /// <summary>Adds the directories to the object database of a libgit2 repository handle.</summary>
    public static void AddTo(nint repository, IReadOnlyList<string> directories)
    {
        if (directories.Count == 0)
        {
            return;
        }

        if (!LibGit2.IsAvailable)
        {
            throw new ScanException(
                $"cannot read the object directories git's environment names ({string.Join(", ", directories)}, git's quarantine during a push): {LibGit2.Library} cannot be loaded here");
        }

        if (LibGit2.git_repository_odb(out nint odb, repository) < 0)
        {
            throw new ScanException($"cannot open the object database to add git's quarantine to it: {LibGit2.LastError()}");
        }

        try
        {
            foreach (string directory in directories)
            {
                if (LibGit2.git_odb_add_disk_alternate(odb, directory) < 0)
                {
                    throw new ScanException($"cannot read the object directory {directory} (from git's environment): {LibGit2.LastError()}");
                }
            }
        }
        finally
        {
            LibGit2.git_odb_free(odb);
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Handle")]
    [return: UnsafeAccessorType("LibGit2Sharp.Core.Handles.RepositoryHandle, LibGit2Sharp")]
    private static extern object RepositoryHandle(Repository repository);
}
