using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git;

/// <summary>Checks that a blob's content hashes to its id. libgit2's own check (SHA-1 with collision detection on
/// every object it reads) is turned off for speed (see <see cref="Managed.ManagedRepository"/>), and git does not check
/// what `cat-file` prints; this one hashes only the blobs the scanner reads, with the platform's hardware SHA-1 (SHA-256
/// in a SHA-256 repository), so a replaced or corrupt object is an error, never content that silently stands in for
/// what was committed.</summary>
internal static class BlobIntegrity
{
    public static unsafe void Verify(UnmanagedMemoryStream content, ObjectId id, string path)
    {
        var bytes = new ReadOnlySpan<byte>(content.PositionPointer, checked((int)content.Length));
        using var hash = Start(id.RawId.Length, bytes.Length);
        hash.AppendData(bytes);
        Span<byte> actual = stackalloc byte[20];
        hash.GetHashAndReset(actual);
        if (!actual.SequenceEqual(id.RawId))
        {
            content.Dispose();
            throw Mismatch(id.Sha, path, actual);
        }
    }

    /// <summary>A hash of a blob of <paramref name="length"/> bytes whose id is <paramref name="idBytes"/> long (20 for
    /// SHA-1, 32 for SHA-256), with git's object header already in it: append the content, then compare.</summary>
    public static IncrementalHash Start(int idBytes, long length)
    {
        var hash = IncrementalHash.CreateHash(idBytes == 32 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0"));
        return hash;
    }

    /// <summary>Ends a hash from <see cref="Start"/> (disposing it) and throws when it is not <paramref name="id"/>
    /// (hexadecimal).</summary>
    public static void Finish(IncrementalHash hash, string id, string path)
    {
        Span<byte> actual = stackalloc byte[id.Length / 2];
        hash.GetHashAndReset(actual);
        hash.Dispose();
        if (!Convert.ToHexStringLower(actual).Equals(id, StringComparison.OrdinalIgnoreCase))
        {
            throw Mismatch(id, path, actual);
        }
    }

    public static ObjectReadException Mismatch(string id, string path, ReadOnlySpan<byte> actual) => new(
        $"blob {id} ({path}) does not hash to its id (it hashes to {Convert.ToHexStringLower(actual)}): the object is corrupt or was replaced");
}
