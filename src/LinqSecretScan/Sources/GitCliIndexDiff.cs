using System.Text;
using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>What the index adds against HEAD, asked of the git CLI (`git diff --cached --raw -z`). It is the fallback
/// for index formats LibGit2Sharp 0.32 refuses ("unsupported mandatory extension": a split index's `link`, a
/// sparse index's `sdir`): git itself reads every index it writes, and a hook runs where git is. Only the list of
/// changes comes from git; blobs are still read from the object database like any other.</summary>
internal static class GitCliIndexDiff
{
    

    public static List<ScanItem> Items(string workTree, string? indexPath, string whyFallback) =>
        Items(workTree, indexPath, whyFallback, (id, path) => new BlobRef(new ObjectId(id), path));

    /// <summary>The changes, with each blob referred to as <paramref name="blobRef"/> makes it (from its hex id and
    /// path) for the reader that will open it.</summary>
    public static List<ScanItem> Items(string workTree, string? indexPath, string whyFallback, Func<string, string, ContentRef> blobRef)
    {
        byte[] output = GitCli.Run(
            workTree,
            ["diff", "--cached", "--raw", "-z", "-M", "--no-abbrev", "--no-color", "--no-ext-diff", "--no-textconv"],
            whyFallback,
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
