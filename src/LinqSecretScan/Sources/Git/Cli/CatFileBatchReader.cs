using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>Reads blobs through one long-lived `git cat-file --batch`: each blob is asked for by id and streamed as
/// git writes it, so a large blob is never held in memory, and one that is not read to its end (above maxFileSize)
/// costs a restart of git rather than reading it through. Content read to its end is checked against its id
/// (<see cref="BlobIntegrity"/>). For what LibGit2Sharp cannot read (SHA-256 repositories, objects in git's
/// quarantine), and for a history's many blobs (<see cref="SharedCatFile"/>). git never fetches a missing object from
/// a partial clone's promisor remote here (GIT_NO_LAZY_FETCH: one fetch per object); the
/// promisor fetcher fetches them in batches before they are read.</summary>
/// <param name="missingHint">Said after "is missing from the object database" (a partial clone's remote).</param>
/// <param name="configuration">`-c name=value` settings for git (limits on its caches).</param>
/// <param name="lazyFetch">Let git fetch a missing object itself (a SHA-256 partial clone, where the promisor
/// fetcher cannot tell what is missing).</param>
internal sealed class CatFileBatchReader(GitCli git, string missingHint, IReadOnlyList<string>? configuration = null, bool lazyFetch = false) : IContentReader
{
    /// <summary>git 2.44 and later honour GIT_NO_LAZY_FETCH; older ones (Debian 12 has 2.39) fetch a missing object
    /// lazily whatever it says, one `git fetch` per object, and die when that fails. With no transport allowed that
    /// fetch fails at once, without touching the network: a blob the promisor fetcher could not get costs a process
    /// start, not a network round trip per blob.</summary>
    internal static readonly IReadOnlyDictionary<string, string> NoLazyFetch = new Dictionary<string, string>()
    {
        ["GIT_NO_LAZY_FETCH"] = "1",
        ["GIT_ALLOW_PROTOCOL"] = "none",
    };

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

        return _current = new BatchBlobStream(output, size, what, id, path);
    }

    private BufferedStream Started(string what)
    {
        if (_output is not null)
        {
            return _output;
        }

        try
        {
            _process = git.Start(BatchArguments(configuration ?? []), environment: lazyFetch ? null : NoLazyFetch) ?? throw new ObjectReadException($"cannot read {what}: git could not be started");
        }
        catch (Win32Exception ex)
        {
            NotStartable = true;
            throw new ObjectReadException($"cannot read {what}: git could not be started ({ex.Message})", ex);
        }

        _errors = CollectErrors(_process);
        return _output = new BufferedStream(_process.StandardOutput.BaseStream, 1 << 16);
    }

    /// <summary>`git -c SETTING ... cat-file --batch`: the command line of this reader and of <see cref="CatFilePipeline"/>.</summary>
    internal static List<string> BatchArguments(IReadOnlyList<string> configuration)
    {
        var arguments = new List<string>();
        foreach (string setting in configuration)
        {
            arguments.Add("-c");
            arguments.Add(setting);
        }

        arguments.AddRange(["cat-file", "--batch"]);
        return arguments;
    }

    /// <summary>Collects what a started git writes to its standard error, line by line (lock the builder to read it),
    /// so that a failure can name git's first line of error.</summary>
    internal static StringBuilder CollectErrors(Process process)
    {
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return errors;
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
    internal static string? ReadLine(BufferedStream output)
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

    /// <summary>There is no git executable to start here.</summary>
    public bool NotStartable { get; private set; }

    /// <summary>The id of the git process, while one runs (for its memory in the statistics).</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>One object's content in git's output, with the size git announced as its Length. Fewer bytes than
    /// announced is a read error, never a short file; content that does not hash to its id is an error at its last
    /// byte. Read to its end, it also takes the newline git puts after each object, so the next one can be asked
    /// for.</summary>
    private sealed class BatchBlobStream : ForwardOnlyStream
    {
        private readonly BufferedStream _output;
        private readonly string _what;
        private readonly string _id;
        private readonly string _path;
        private System.Security.Cryptography.IncrementalHash? _hash;

        public BatchBlobStream(BufferedStream output, long length, string what, string id, string path)
            : base(length)
        {
            _output = output;
            _what = what;
            _id = id;
            _path = path;
            _hash = BlobIntegrity.Start(id.Length / 2, length);
            if (length == 0)
            {
                Finished = Consume(output);
                Check();
            }
        }

        public bool Finished { get; private set; }

        protected override int ReadNext(Span<byte> buffer)
        {
            int read = _output.Read(buffer);
            if (read == 0)
            {
                throw new ObjectReadException($"cannot read {_what}: git cat-file ended after {Position} of {Length} bytes");
            }

            _hash?.AppendData(buffer[..read]);
            if (Position + read == Length)
            {
                Finished = Consume(_output);
                Check();
            }

            return read;
        }

        private void Check()
        {
            if (_hash is null)
            {
                return;
            }

            var hash = _hash;
            _hash = null;
            BlobIntegrity.Finish(hash, _id, _path);
        }

        protected override void Dispose(bool disposing)
        {
            _hash?.Dispose();
            _hash = null;
            base.Dispose(disposing);
        }

        private static bool Consume(BufferedStream output) => output.ReadByte() == '\n';
    }
}
