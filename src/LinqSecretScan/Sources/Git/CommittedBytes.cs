using System.Text;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git;

/// <summary>Whether `git filter-repo --replace-text` can reach a secret as committed. It replaces bytes, as UTF-8,
/// and only in blobs without a NUL in their first 8 KiB; the scanner also reads UTF-16 and UTF-32 text, where
/// neither holds.</summary>
internal static class CommittedBytes
{
    /// <summary>filter-repo's own test for a binary blob (git_filter_repo.py, <c>_tweak_blob</c>).</summary>
    private const int FilterRepoBinaryTest = 8192;

    /// <summary>True when the blob at <paramref name="path"/> in <paramref name="commit"/> would be skipped by
    /// --replace-text (a NUL in its first 8 KiB) or does not hold <paramref name="secret"/> as UTF-8. False when it
    /// cannot be read: the plan's verification step is the judge then.</summary>
    public static bool OutOfReplaceTextsReach(Repository repository, string commit, string path, string secret)
    {
        try
        {
            if (repository.Lookup<Commit>(commit)?[path]?.Target is not Blob blob)
            {
                return false;
            }

            using var stream = blob.GetContentStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            return bytes[..Math.Min(bytes.Length, FilterRepoBinaryTest)].Contains((byte)0)
                || bytes.IndexOf(Encoding.UTF8.GetBytes(secret)) < 0;
        }
        catch (LibGit2SharpException)
        {
            return false;
        }
    }
}
