using System.Runtime.InteropServices;

namespace LinqSecretScan.Sources.Git.Native;

/// <summary>A few calls straight into the libgit2 that LibGit2Sharp.NativeBinaries 2.0.324 ships, for the two hot paths
/// of an audit: walking trees and reading blobs (bench/git-paths.sh measures them against LibGit2Sharp and git).
/// LibGit2Sharp's tree diffs set libgit2's diff machinery up for every commit, and its blob reads go through object
/// wrappers; these calls read each tree and blob once, in place. The library is named after the libgit2 commit it was
/// built from, so the one these declarations are written for is the only one that can load; everything else goes
/// through LibGit2Sharp.</summary>
internal static partial class LibGit2
{
    /// <summary>LibGit2Sharp.NativeBinaries names its library after the libgit2 commit it was built from.</summary>
    public const string Library = "git2-5853918";

    public const int ObjectTree = 2;
    public const int ObjectBlob = 3;
    public const int NotFound = -3;

    [LibraryImport(Library)]
    public static partial int git_libgit2_init();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int git_repository_open(out nint repository, string path);

    [LibraryImport(Library)]
    public static partial void git_repository_free(nint repository);

    [LibraryImport(Library)]
    public static unsafe partial int git_tree_lookup(out nint tree, nint repository, byte* oid);

    [LibraryImport(Library)]
    public static partial void git_tree_free(nint tree);

    [LibraryImport(Library)]
    public static partial nuint git_tree_entrycount(nint tree);

    [LibraryImport(Library)]
    public static partial nint git_tree_entry_byindex(nint tree, nuint index);

    [LibraryImport(Library)]
    public static partial nint git_tree_entry_name(nint entry);

    [LibraryImport(Library)]
    public static partial nint git_tree_entry_id(nint entry);

    [LibraryImport(Library)]
    public static partial int git_tree_entry_type(nint entry);

    [LibraryImport(Library)]
    public static partial int git_tree_entry_filemode(nint entry);

    [LibraryImport(Library)]
    public static unsafe partial int git_blob_lookup(out nint blob, nint repository, byte* oid);

    [LibraryImport(Library)]
    public static partial void git_blob_free(nint blob);

    [LibraryImport(Library)]
    public static partial nint git_blob_rawcontent(nint blob);

    [LibraryImport(Library)]
    public static partial ulong git_blob_rawsize(nint blob);

    [LibraryImport(Library)]
    public static partial nint git_error_last();

    /// <summary>Whether the library loads here, found out once: a platform or a package layout without it falls back
    /// to LibGit2Sharp (or is an error when the direct calls are required).</summary>
    public static bool IsAvailable => Availability.Value;

    private static readonly Lazy<bool> Availability = new(() =>
    {
        try
        {
            return git_libgit2_init() >= 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    });

    /// <summary>libgit2's last error message for this thread (a git_error starts with its message).</summary>
    public static string LastError()
    {
        nint error = git_error_last();
        if (error == 0)
        {
            return "unknown libgit2 error";
        }

        nint message = Marshal.ReadIntPtr(error);
        return message == 0 ? "unknown libgit2 error" : Marshal.PtrToStringUTF8(message) ?? "unknown libgit2 error";
    }
}
