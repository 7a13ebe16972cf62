using System.Text;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>What the index adds against HEAD, asked of git: `git diff --cached --raw -z -M` (the porcelain of
/// `git diff-index --cached HEAD`, which also knows an unborn HEAD by itself; the options pin its output whatever the
/// user's configuration). For index formats LibGit2Sharp 0.32 refuses (a split index's `link`, a sparse index's
/// `sdir`) and for SHA-256 repositories: git reads every index it writes, and a hook runs where git is.</summary>
/// <param name="blobRef">Makes the reference to a blob, from its id in hex and its path, for the readers that will
/// open it.</param>
internal sealed class GitCliStagedChanges(GitCli git, string? indexPath, string why, Func<string, string, ContentRef> blobRef) : IStagedChanges
{
    public List<ScanItem> Items()
    {
        byte[] output = git.Run(
            ["diff", "--cached", "--raw", "-z", "-M", "--no-abbrev", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative"],
            why,
            indexPath);
        var fields = Encoding.UTF8.GetString(output).Split('\0');
        var items = new List<ScanItem>();
        int i = 0;
        while (i < fields.Length && fields[i].StartsWith(':'))
        {
            var meta = fields[i].TrimStart(':').Split(' ');
            if (meta.Length < 5)
            {
                throw new ScanException($"cannot read the output of git diff --cached: '{fields[i]}'");
            }

            char status = meta[4][0];
            bool twoPaths = status is 'R' or 'C';
            if (i + (twoPaths ? 2 : 1) >= fields.Length)
            {
                throw new ScanException("cannot read the output of git diff --cached: it ends in the middle of an entry");
            }

            string oldPath = fields[i + 1];
            string path = twoPaths ? fields[i + 2] : oldPath;
            i += twoPaths ? 3 : 2;
            var (oldMode, newMode, oldId, newId) = (meta[0], meta[1], meta[2], meta[3]);
            if (status is not ('A' or 'M' or 'R' or 'C' or 'T') || !IsFileMode(newMode) || IsZero(newId))
            {
                continue;
            }

            var previous = new List<ContentRef>();
            if (status is 'M' or 'R' or 'C' && IsFileMode(oldMode) && !IsZero(oldId))
            {
                previous.Add(blobRef(oldId, oldPath));
            }

            items.Add(new ScanItem
            {
                Path = path,
                Content = blobRef(newId, path),
                Key = ContentKey.FromBlobId(Convert.FromHexString(newId)),
                PreviousVersions = previous,
            });
        }

        return items;
    }

    /// <summary>An absent side: all zeros, 40 digits for SHA-1, 64 for SHA-256.</summary>
    private static bool IsZero(string id) => id.AsSpan().IndexOfAnyExcept('0') < 0;

    /// <summary>The same file modes <see cref="GitChanges.IsFile"/> accepts: symlinks and submodules carry no content.</summary>
    private static bool IsFileMode(string mode) => mode is "100644" or "100755" or "100664";
}
