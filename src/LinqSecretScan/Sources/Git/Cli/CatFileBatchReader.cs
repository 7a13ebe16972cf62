using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>Reads blobs through one long-lived `git cat-file --batch`: each blob is asked for by id and streamed as
/// git writes it, so a large blob is never held in memory, and one that is not read to its end (above maxFileSize)
/// costs a restart of git rather than reading it through. For what LibGit2Sharp cannot read: SHA-256 repositories and
/// objects in git's quarantine.</summary>
/// <param name="missingHint">Said after "is missing from the object database" (a partial clone's remote).</param>
internal sealed class CatFileBatchReader(GitCli git, string missingHint) : IContentReader
{
    private Process? _process;
    private BufferedStream? _output;
    private StringBuilder? _errors;
    private BatchBlobStream? _current;

    public Stream Open(ContentRef content)
    {
        var (id, path) = content switch
        {
            GitObjectRef blob => (blob.Id, blob.Path),
            BlobRef blob => (blob.Id.Sha, blob.Path),
            _ => throw new ArgumentException($"a git reader cannot open {content.GetType().Name}", nameof(content)),
        };
        string what = $"blob {id} ({path})";
        if (_current is { Finished: false })
        {
            Stop(); // the last blob was not read to its end: its rest is still in the pipe
        }

        var output = Started(what);
        try
        {
            _process!.StandardInput.Write(id + "\n");
            _process.StandardInput.Flush();
        }
        catch (IOException ex)
        {
            throw Failed(what, ex);
        }

        string header = ReadLine(output) ?? throw Failed(what);
        var fields = header.Split(' ');
        if (fields.Length == 2 && fields[1] == "missing")
        {
            throw new ObjectReadException($"{what} is missing from the object database{missingHint}");
        }

        if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            Stop();
            throw new ObjectReadException($"cannot read {what}: git cat-file answered '{header}'");
        }

        if (fields[1] != "blob")
        {
            Stop();
            throw new ObjectReadException($"cannot read {what}: it is a {fields[1]}, not a blob");
        }

        return _current = new BatchBlobStream(output, size, what);
    }

    private BufferedStream Started(string what)
    {
        if (_output is not null)
        {
            return _output;
        }

        try
        {
            _process = git.Start(["cat-file", "--batch"]) ?? throw new ObjectReadException($"cannot read {what}: git could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new ObjectReadException($"cannot read {what}: git could not be started ({ex.Message})", ex);
        }

        var errors = _errors = new StringBuilder();
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        return _output = new BufferedStream(_process.StandardOutput.BaseStream, 1 << 16);
    }

    private ObjectReadException Failed(string what, Exception? inner = null)
    {
        string? reason = null;
        if (_process is not null && _errors is not null)
        {
            _process.WaitForExit(1000);
            lock (_errors)
            {
                reason = GitCli.FirstLine(_errors.ToString());
            }
        }

        Stop();
        return new ObjectReadException($"cannot read {what}: {reason ?? "git cat-file --batch ended unexpectedly"}", inner);
    }

    /// <summary>The header line git writes before each object, or null when git ended.</summary>
    private static string? ReadLine(BufferedStream output)
    {
        var line = new StringBuilder();
        while (true)
        {
            int b = output.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                return line.ToString();
            }

            line.Append((char)b);
        }
    }

    private void Stop()
    {
        if (_process is not null)
        {
            try
            {
                _process.Kill();
                _process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        _process = null;
        _output = null;
        _current = null;
    }

    public void Dispose()
    {
        if (_process is not null && _current is not { Finished: false })
        {
            try
            {
                _process.StandardInput.Close();
                if (_process.WaitForExit(5000))
                {
                    _process.Dispose();
                    _process = null;
                    return;
                }
            }
            catch (IOException)
            {
            }
        }

        Stop();
    }

    /// <summary>One object's content in git's output, with the size git announced as its Length. Fewer bytes than
    /// announced is a read error, never a short file. Read to its end, it also takes the newline git puts after each
    /// object, so the next one can be asked for.</summary>
    private sealed class BatchBlobStream(BufferedStream output, long length, string what) : ForwardOnlyStream(length)
    {
        public bool Finished { get; private set; } = length == 0 && Consume(output);

        protected override int ReadNext(Span<byte> buffer)
        {
            int read = output.Read(buffer);
            if (read == 0)
            {
                throw new ObjectReadException($"cannot read {what}: git cat-file ended after {Position} of {Length} bytes");
            }

            if (Position + read == Length)
            {
                Finished = Consume(output);
            }

            return read;
        }

        private static bool Consume(BufferedStream output) => output.ReadByte() == '\n';
    }
}
