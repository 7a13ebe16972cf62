namespace LinqSecretScan.Sources.Git.Native;

/// <summary>The content of a libgit2 blob, read in place; frees the blob when disposed.</summary>
internal sealed unsafe class NativeBlobStream : UnmanagedMemoryStream
{
    private nint _blob;

    public NativeBlobStream(nint blob)
        : base((byte*)LibGit2.git_blob_rawcontent(blob), checked((long)LibGit2.git_blob_rawsize(blob)))
    {
        _blob = blob;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_blob != 0)
        {
            LibGit2.git_blob_free(_blob);
            _blob = 0;
        }
    }
}
