using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using LinqSecretScan.Scanning;

namespace LinqSecretScan.Sources;

/// <summary>What the index adds against HEAD, asked of the git CLI (`git diff --cached --raw -z`). It is the fallback
/// for index formats LibGit2Sharp 0.32 refuses ("unsupported mandatory extension": a split index's `link`, a
/// sparse index's `sdir`): git itself reads every index it writes, and a hook runs where git is. Only the list of
/// changes comes from git; blobs are still read from the object database like any other.</summary>
internal static class GitCliIndexDiff
{
    private static readonly string ZeroId = new('0', 40);

    public static List<ScanItem> Items(string workTree, string? indexPath, string whyFallback)
    {
        byte[] output = Run(workTree, indexPath, whyFallback);
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
            if (status is not ('A' or 'M' or 'R' or 'C' or 'T') || !IsFileMode(newMode) || newId == ZeroId)
            {
                continue;
            }

            var previous = new List<ContentRef>();
            if (status is 'M' or 'R' or 'C' && IsFileMode(oldMode) && oldId != ZeroId)
            {
                previous.Add(new BlobRef(new ObjectId(oldId), oldPath));
            }

            var blob = new BlobRef(new ObjectId(newId), path);
            items.Add(new ScanItem { Path = path, Content = blob, Key = blob.Key, PreviousVersions = previous });
        }

        return items;
    }

    /// <summary>The same file modes <see cref="GitChanges.IsFile"/> accepts: symlinks and submodules carry no content.</summary>
    private static bool IsFileMode(string mode) => mode is "100644" or "100755" or "100664";

    private static byte[] Run(string workTree, string? indexPath, string whyFallback)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workTree,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "diff", "--cached", "--raw", "-z", "-M", "--no-abbrev", "--no-color", "--no-ext-diff", "--no-textconv" })
        {
            info.ArgumentList.Add(argument);
        }

        // A scanner reads; it never takes index.lock (git would otherwise refresh and rewrite the index).
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        if (indexPath is not null)
        {
            info.Environment["GIT_INDEX_FILE"] = indexPath;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ScanException($"{whyFallback}, and git could not be started to read it");
        }
        catch (Win32Exception ex)
        {
            throw new ScanException($"{whyFallback}, and git could not be started to read it ({ex.Message})", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            using var buffer = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string reason = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit {process.ExitCode}";
                throw new ScanException($"{whyFallback}, and git diff --cached failed: {reason}");
            }

            return buffer.ToArray();
        }
    }
}
