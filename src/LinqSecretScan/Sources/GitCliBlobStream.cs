using System.Diagnostics;

namespace LinqSecretScan.Sources;

/// <summary>The standard output of `git cat-file blob`, with the size git gave beforehand as its Length. Fewer bytes
/// than announced is a read error, never a short file; disposing stops git if the content was not read to the end.</summary>
internal sealed class GitCliBlobStream(Process process, long length, string what) : ForwardOnlyStream(length)
{
    private readonly Stream _output = process.StandardOutput.BaseStream;
    private readonly Task<string> _error = process.StandardError.ReadToEndAsync();

    protected override int ReadNext(Span<byte> buffer)
    {
        int read = _output.Read(buffer);
        if (read == 0)
        {
            process.WaitForExit();
            string reason = _error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? $"git cat-file ended after {Position} of {Length} bytes";
            throw new ObjectReadException($"{what}: {reason}");
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Stops a git whose output was not read to the end; on one that has exited, Kill does nothing.
            process.Kill();

            process.WaitForExit();
            process.Dispose();
        }

        base.Dispose(disposing);
    }
}
