using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>Reads blob bytes exactly as stored: no filters, no line-ending conversion, no attributes. Each read
/// inflates the object once.</summary>
internal static class GitBlobReader
{
    public static byte[] Read(Repository repository, ObjectId id, string path)
    {
        Blob? blob;
        try
        {
            blob = repository.Lookup<Blob>(id);
        }
        catch (LibGit2SharpException ex)
        {
            throw new ObjectReadException($"cannot read blob {id.Sha} ({path}): {GitRepositoryOpener.OneLine(ex.Message)}", ex);
        }

        if (blob is null)
        {
            throw new ObjectReadException($"blob {id.Sha} ({path}) is missing from the object database");
        }

        try
        {
            using var stream = blob.GetContentStream();
            long length = stream.Length;
            if (length > Array.MaxLength)
            {
                throw new ObjectReadException($"blob {id.Sha} ({path}) is too large to read ({length} bytes)");
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (LibGit2SharpException ex)
        {
            throw new ObjectReadException($"cannot read blob {id.Sha} ({path}): {GitRepositoryOpener.OneLine(ex.Message)}", ex);
        }
    }
}
