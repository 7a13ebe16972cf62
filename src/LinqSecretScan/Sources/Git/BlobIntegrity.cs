using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git;

/// <summary>Checks that a blob's content hashes to its id. libgit2's own check (SHA-1 with collision detection on
/// every object it reads) is turned off for speed (see <see cref="Managed.ManagedRepository"/>); this one hashes only the
/// blobs the scanner reads, with the platform's hardware SHA-1, so a replaced or corrupt object is an error, never
/// content that silently stands in for what was committed.</summary>
internal static class BlobIntegrity
{
    public static unsafe void Verify(UnmanagedMemoryStream content, ObjectId id, string path)
    {
        var bytes = new ReadOnlySpan<byte>(content.PositionPointer, checked((int)content.Length));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"));
        hash.AppendData(bytes);
        Span<byte> actual = stackalloc byte[20];
        hash.GetHashAndReset(actual);
        if (!actual.SequenceEqual(id.RawId))
        {
            content.Dispose();
            throw new ObjectReadException(
                $"blob {id.Sha} ({path}) does not hash to its id (it hashes to {Convert.ToHexStringLower(actual)}): the object is corrupt or was replaced");
        }
    }
}
