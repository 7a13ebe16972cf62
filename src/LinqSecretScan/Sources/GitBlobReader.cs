using LibGit2Sharp;

namespace LinqSecretScan.Sources;

/// <summary>Opens blob content exactly as stored: no filters, no line-ending conversion, no attributes. The stream
/// reads libgit2's inflated buffer in place; each open inflates the object once.</summary>
internal static class GitBlobReader
{
    public static Stream Open(Repository repository, ObjectId id, string path)
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
            return blob.GetContentStream();
        }
        catch (LibGit2SharpException ex)
        {
            throw new ObjectReadException($"cannot read blob {id.Sha} ({path}): {GitRepositoryOpener.OneLine(ex.Message)}", ex);
        }
    }
}
