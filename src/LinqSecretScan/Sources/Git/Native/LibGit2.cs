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

    public const int ObjectCommit = 1;
    public const int IterOver = -31;

    /// <summary>GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE: parents before children.</summary>
    public const uint SortParentsFirst = 1 | 4;

    [LibraryImport(Library)]
    public static partial int git_repository_odb(out nint odb, nint repository);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int git_odb_add_disk_alternate(nint odb, string path);

    [LibraryImport(Library)]
    public static partial void git_odb_free(nint odb);

    [LibraryImport(Library)]
    public static unsafe partial int git_odb_read(out nint obj, nint odb, byte* oid);

    [LibraryImport(Library)]
    public static unsafe partial int git_odb_exists(nint odb, byte* oid);

    [LibraryImport(Library)]
    public static partial nint git_odb_object_data(nint obj);

    [LibraryImport(Library)]
    public static partial nuint git_odb_object_size(nint obj);

    [LibraryImport(Library)]
    public static partial int git_odb_object_type(nint obj);

    [LibraryImport(Library)]
    public static partial void git_odb_object_free(nint obj);

    [LibraryImport(Library)]
    public static partial int git_revwalk_new(out nint walk, nint repository);

    [LibraryImport(Library)]
    public static partial int git_revwalk_sorting(nint walk, uint mode);

    [LibraryImport(Library)]
    public static unsafe partial int git_revwalk_push(nint walk, byte* oid);

    [LibraryImport(Library)]
    public static unsafe partial int git_revwalk_hide(nint walk, byte* oid);

    [LibraryImport(Library)]
    public static unsafe partial int git_revwalk_next(byte* oid, nint walk);

    [LibraryImport(Library)]
    public static partial void git_revwalk_free(nint walk);

    [LibraryImport(Library)]
    public static unsafe partial int git_commit_lookup(out nint commit, nint repository, byte* oid);

    [LibraryImport(Library)]
    public static partial void git_commit_free(nint commit);

    [LibraryImport(Library)]
    public static partial nint git_commit_tree_id(nint commit);

    [LibraryImport(Library)]
    public static partial uint git_commit_parentcount(nint commit);

    [LibraryImport(Library)]
    public static partial nint git_commit_parent_id(nint commit, uint n);

    private const int OptSetMwindowSize = 1;
    private const int OptSetMwindowMappedLimit = 3;
    private const int OptSetCacheObjectLimit = 6;
    private const int OptSetCacheMaxSize = 7;
    private const int OptGetCachedMemory = 9;

    // git_libgit2_opts(int option, ...) is variadic. On x64 and on Linux and Windows arm64 a variadic argument travels
    // as a fixed one would; on macOS arm64 it goes on the stack, so the call is padded to the 8 argument registers
    // first (what LibGit2Sharp does, dotnet/runtime#48796).
    [LibraryImport(Library, EntryPoint = "git_libgit2_opts")]
    private static partial int git_libgit2_opts(int option, nint value);

    [LibraryImport(Library, EntryPoint = "git_libgit2_opts")]
    private static partial int git_libgit2_opts(int option, nint first, nint second);

    [LibraryImport(Library, EntryPoint = "git_libgit2_opts")]
    private static partial int git_libgit2_opts_osxarm64(int option, nint r1, nint r2, nint r3, nint r4, nint r5, nint r6, nint r7, nint value);

    [LibraryImport(Library, EntryPoint = "git_libgit2_opts")]
    private static partial int git_libgit2_opts_osxarm64(int option, nint r1, nint r2, nint r3, nint r4, nint r5, nint r6, nint r7, nint first, nint second);

    private static bool VarargsOnStack => OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    private static int Option(int option, nint value) =>
        VarargsOnStack ? git_libgit2_opts_osxarm64(option, 0, 0, 0, 0, 0, 0, 0, value) : git_libgit2_opts(option, value);

    private static int Option(int option, nint first, nint second) =>
        VarargsOnStack ? git_libgit2_opts_osxarm64(option, 0, 0, 0, 0, 0, 0, 0, first, second) : git_libgit2_opts(option, first, second);

    /// <summary>The bytes libgit2's object cache holds now, and the most it may (process-wide, for every repository
    /// handle).</summary>
    public static unsafe (long Current, long Allowed) CachedMemory()
    {
        nint current = 0, allowed = 0;
        return Option(OptGetCachedMemory, (nint)(&current), (nint)(&allowed)) < 0 ? (-1, -1) : (current, allowed);
    }

    /// <summary>The most libgit2's object cache may hold, over all repository handles (libgit2's default: 256 MiB).</summary>
    public static void SetCacheMaxSize(long bytes) => Check(Option(OptSetCacheMaxSize, (nint)bytes));

    /// <summary>The largest object of a type that libgit2's object cache keeps (defaults: 4 KiB for commits and trees,
    /// 0 for blobs).</summary>
    public static void SetCacheObjectLimit(int objectType, long bytes) => Check(Option(OptSetCacheObjectLimit, objectType, (nint)bytes));

    /// <summary>How much of the pack files libgit2 maps at once, in windows of <paramref name="windowBytes"/> (defaults
    /// on 64-bit systems: 1 GiB windows, 8 GiB in all); windows no thread uses are unmapped, least recently used
    /// first, when a new one would exceed the limit.</summary>
    public static void SetPackWindows(long windowBytes, long mappedLimit)
    {
        Check(Option(OptSetMwindowSize, (nint)windowBytes));
        Check(Option(OptSetMwindowMappedLimit, (nint)mappedLimit));
    }

    private static void Check(int result)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"git_libgit2_opts failed: {LastError()}");
        }
    }

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
