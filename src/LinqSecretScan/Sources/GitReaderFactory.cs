using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>Makes the content readers of a git source: direct libgit2 readers when <see cref="Native.NativeGit"/>
/// finds them to agree with LibGit2Sharp on this repository (the handle opened for that check serves the first
/// reader), LibGit2Sharp readers otherwise. The choice is made when the first reader is wanted, and a source that
/// reads only a few blobs (a pre-commit hook's usual change) skips the check: it costs more than it saves there.</summary>
internal sealed class GitReaderFactory : IDisposable
{
    private readonly Repository _repository;
    private readonly GitRepositoryLocator.Location _location;
    private readonly bool _checkTrees;
    private readonly Func<bool> _worthIt;
    private Native.NativeRepository? _checked;
    private bool? _native;

    public GitReaderFactory(Repository repository, GitRepositoryLocator.Location location, bool checkTrees, Func<bool>? worthIt = null)
    {
        _repository = repository;
        _location = location;
        _checkTrees = checkTrees;
        _worthIt = worthIt ?? (() => true);
    }

    /// <summary>The direct libgit2 calls can be used on this repository (decided on first use).</summary>
    public bool IsNative => _native ??= Decide();

    /// <summary>A reader for a worker thread.</summary>
    public IContentReader Create() => Create(main: false);

    /// <summary>The reader of the thread that enumerates the source, which may share the source's repository.</summary>
    public IContentReader CreateMain() => Create(main: true);

    private IContentReader Create(bool main)
    {
        if (!IsNative)
        {
            return new GitContentReader(_location, main ? _repository : null);
        }

        if (_checked is { } handle)
        {
            _checked = null;
            return new Native.NativeContentReader(handle);
        }

        return new Native.NativeContentReader(_repository.Info.Path);
    }

    private bool Decide()
    {
        bool required = Environment.GetEnvironmentVariable("LINQ_SECRET_SCAN_MANAGED_GIT") == "0";
        if (!required && !_worthIt())
        {
            return false;
        }

        _checked = Native.NativeGit.TryOpen(_repository, _repository.Info.Path, _checkTrees);
        return _checked is not null;
    }

    public void Dispose() => _checked?.Dispose();
}
