using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git.Native;

/// <summary>A libgit2 repository handle of our own (LibGit2Sharp does not hand its handle out), for one thread.</summary>
internal sealed class NativeRepository : IDisposable
{
    private nint _handle;

    private NativeRepository(nint handle) => _handle = handle;

    public nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(NativeRepository));

    /// <param name="objectDirectories">Object directories to read besides the repository's own (git's quarantine).</param>
    public static NativeRepository Open(string path, IReadOnlyList<string> objectDirectories)
    {
        if (LibGit2.git_libgit2_init() < 0)
        {
            throw new ScanException($"cannot initialise libgit2: {LibGit2.LastError()}");
        }

        int result = LibGit2.git_repository_open(out nint handle, path);
        if (result < 0)
        {
            throw new ScanException($"cannot open the git repository at {path}: {LibGit2.LastError()}");
        }

        var repository = new NativeRepository(handle);
        try
        {
            OdbAlternates.AddTo(handle, objectDirectories);
        }
        catch
        {
            repository.Dispose();
            throw;
        }

        return repository;
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            LibGit2.git_repository_free(_handle);
            _handle = 0;
        }
    }
}
