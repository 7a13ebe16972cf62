namespace LinqSecretScan.Sources.Git;

/// <summary>Enough of a file's metadata to tell that it was replaced or rewritten between two looks: git writes
/// an index to a lock file and renames it into place, so a new index is a new file (new birth time), and an
/// in-place rewrite changes the size or the modification time.</summary>
internal readonly record struct FileStamp(long Length, long LastWriteTicks, long CreationTicks)
{
    public static FileStamp? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, info.CreationTimeUtc.Ticks) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
