namespace LinqSecretScan.Completion;

/// <summary>What shell completion offers for a value. Nothing unless an option or argument says so: a URL or a
/// number of seconds must not be completed with file names.</summary>
internal enum CompletionKind
{
    /// <summary>Nothing to offer (a URL, a number): the shell completes nothing.</summary>
    None,

    /// <summary>The accepted words (<see cref="OptionSpec.Values"/>).</summary>
    Words,

    /// <summary>File names (and the folders on the way to them).</summary>
    Files,

    /// <summary>Folder names only.</summary>
    Directories,

    /// <summary>The repository's remotes (`git remote`).</summary>
    Remotes,

    /// <summary>The repository's branches and tags, for a revision or range.</summary>
    Revisions,
}
