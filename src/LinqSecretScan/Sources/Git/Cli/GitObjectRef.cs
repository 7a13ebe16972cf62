namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>A blob named by its id in hex, read through git: SHA-256 ids (64 digits) included, which LibGit2Sharp's
/// ObjectId cannot hold.</summary>
internal sealed record GitObjectRef(string Id, string Path) : ContentRef(Path);
