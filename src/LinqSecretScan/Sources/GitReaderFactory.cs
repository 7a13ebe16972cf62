using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>Makes the content readers of a git source: direct libgit2 readers when <see cref="Native.NativeGit"/>
/// found them to agree with LibGit2Sharp on this repository (the handle opened for that check serves the first
/// reader), LibGit2Sharp readers otherwise.</summary>
internal sealed class GitReaderFactory : IDisposable
{
    private readonly string _gitDirectory;
    private readonly GitRepositoryLocator.Location _location;
    private Native.NativeRepository? _checked;

    public GitReaderFactory(Repository repository, GitRepositoryLocator.Location location, bool checkTrees)
    {
        _gitDirectory = repository.Info.Path;
        _location = location;
        _checked = Native.NativeGit.TryOpen(repository, _gitDirectory, checkTrees);
        IsNative = _checked is not null;
    }

    /// <summary>The direct libgit2 calls can be used on this repository.</summary>
    public bool IsNative { get; }

    public IContentReader Create()
    {
        if (_checked is { } handle)
        {
            _checked = null;
            return new Native.NativeContentReader(handle);
        }

        return IsNative ? new Native.NativeContentReader(_gitDirectory) : new GitContentReader(_location);
    }

    public void Dispose() => _checked?.Dispose();
}
