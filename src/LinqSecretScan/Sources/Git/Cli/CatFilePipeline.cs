using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>One `git cat-file --batch` asked ahead: the scanner announces each blob it is about to read
/// (<see cref="Expect"/>, in the order it starts them), the ids go to git at once, and a thread of its own reads git's
/// answers in that order, so git inflates the next blobs while the scanner's threads scan the last ones, without a
/// round trip per blob. A thread that opens a blob takes the earliest unclaimed answer for its id, waiting for it if
/// git has not written it yet; a blob nobody announced is asked for when it is opened.</summary>
/// <remarks>
/// Memory: answers up to <see cref="WholeLimit"/> are read whole into native memory while less than
/// <see cref="ReadAheadBytes"/> are held (read and not yet done with); reading goes on past that only when a thread is
/// waiting for an answer still in the pipe, so no order of the scanner's threads can leave it stuck. A larger answer
/// is streamed to the thread that opens it and the reading thread waits until that stream is disposed (then skips what
/// was not read: a blob above maxFileSize). Every answer read to its end is checked against its id
/// (<see cref="BlobIntegrity"/>), on the thread that opens it. When git ends or fails, every answer still awaited is
/// an <see cref="ObjectReadException"/> naming git's first line of error.
/// </remarks>
internal sealed partial class CatFilePipeline : IDisposable
{
    /// <summary>Answers up to this size are read whole, beyond it streamed: the size the scanner reads whole.</summary>
    public const long WholeLimit = IContentReader.WholeReadLimit;

    /// <summary>Bytes read ahead of the scanner's threads at most (unless one waits for an answer not yet read).</summary>
    public const long ReadAheadBytes = 64 << 20;

    private readonly object _gate = new();
    private readonly Lock _writing = new();
    private readonly Queue<Slot> _unread = [];
    private readonly Dictionary<string, Queue<Slot>> _unclaimed = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _missingHint;
    private readonly Process _process;
    private readonly StreamWriter _input;
    private readonly Stream _output;
    private readonly StringBuilder _errors;
    private readonly Thread _reader;
    private long _held;
    private int _waitingForUnread;
    private string? _failure;
    private bool _closing;

    private CatFilePipeline(Process process, string missingHint)
    {
        _process = process;
        _missingHint = missingHint;
        _input = process.StandardInput;
        _input.AutoFlush = false;
        _output = process.StandardOutput.BaseStream;
        WidenPipe(_output);
        _errors = CatFileBatchReader.CollectErrors(process);
        _reader = new Thread(ReadAnswers) { IsBackground = true, Name = "git cat-file answers" };
        _reader.Start();
    }

    /// <summary>Linux gives a pipe 64 KiB: git then waits for the reading thread every 64 KiB of a 5 GB history.
    /// 1 MiB (the unprivileged maximum by default) where the system allows it; nothing changes where it does not.</summary>
    private static void WidenPipe(Stream output)
    {
        const int SetPipeSize = 1031; // F_SETPIPE_SZ
        if (OperatingSystem.IsLinux() && output is System.IO.Pipes.PipeStream pipe)
        {
            _ = fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, 1 << 20);
        }
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int fcntl(int fd, int command, int argument);

    /// <summary>Starts git; null when there is no git to start.</summary>
    public static CatFilePipeline? Start(GitCli git, string missingHint, IReadOnlyList<string> configuration, IReadOnlyDictionary<string, string>? environment)
    {
        try
        {
            return git.Start(CatFileBatchReader.BatchArguments(configuration), environment: environment) is { } process ? new CatFilePipeline(process, missingHint) : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Bytes read whole and not yet done with (for the tests of the read-ahead bound).</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>The git process's id while it runs (for its memory in the statistics).</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Asks git for <paramref name="content"/> now: it will be opened exactly once, by some thread.</summary>
    public void Expect(ContentRef content)
    {
        var (id, path) = IdOf(content);
        var slot = new Slot(id, path);
        lock (_gate)
        {
            if (_failure is not null)
            {
                slot.Error = Failed(slot);
                slot.Ready = true;
            }
            else
            {
                _unread.Enqueue(slot);
                Monitor.PulseAll(_gate);
            }

            if (!_unclaimed.TryGetValue(id, out var slots))
            {
                _unclaimed[id] = slots = new Queue<Slot>();
            }

            slots.Enqueue(slot);
        }

        if (slot.Error is not null)
        {
            return;
        }

        lock (_writing)
        {
            try
            {
                _input.Write(id);
                _input.Write('\n');
                _input.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                Fail("git cat-file --batch stopped reading");
            }
        }
    }

    /// <summary>The content, announced or not (then asked for now). Throws <see cref="ObjectReadException"/>.</summary>
    public Stream Open(ContentRef content)
    {
        var (id, _) = IdOf(content);
        Slot? slot = Claim(id);
        if (slot is null)
        {
            Expect(content);
            slot = Claim(id) ?? throw new InvalidOperationException($"blob {id} was asked for and not found");
        }

        lock (_gate)
        {
            if (!slot.Ready)
            {
                _waitingForUnread++;
                Monitor.PulseAll(_gate);
                while (!slot.Ready)
                {
                    Monitor.Wait(_gate);
                }

                _waitingForUnread--;
            }
        }

        if (slot.Error is not null)
        {
            throw slot.Error;
        }

        if (slot.Streamed is { } streamed)
        {
            return streamed;
        }

        var whole = new HeldBuffer(this, slot.Memory, slot.Length);
        try
        {
            whole.Verify(id, content.Path);
        }
        catch (ObjectReadException)
        {
            whole.Dispose();
            throw;
        }

        return whole;
    }

    private Slot? Claim(string id)
    {
        lock (_gate)
        {
            if (!_unclaimed.TryGetValue(id, out var slots))
            {
                return null;
            }

            var slot = slots.Dequeue();
            if (slots.Count == 0)
            {
                _unclaimed.Remove(id);
            }

            return slot;
        }
    }

    private static (string Id, string Path) IdOf(ContentRef content) => content switch
    {
        GitObjectRef blob => (blob.Id, blob.Path),
        BlobRef blob => (blob.Id.Sha, blob.Path),
        _ => throw new ArgumentException($"a git reader cannot open {content.GetType().Name}", nameof(content)),
    };

    /// <summary>The reading thread: git's answers, in the order asked.</summary>
    private void ReadAnswers()
    {
        var output = new BufferedStream(_output, 1 << 16);
        try
        {
            while (true)
            {
                Slot slot;
                lock (_gate)
                {
                    while (!_closing && (_unread.Count == 0 || (_held >= ReadAheadBytes && _waitingForUnread == 0)))
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_closing)
                    {
                        return;
                    }

                    slot = _unread.Peek();
                }

                ReadAnswer(output, slot);
                lock (_gate)
                {
                    _unread.Dequeue();
                    slot.Ready = true;
                    Monitor.PulseAll(_gate);
                }

                if (slot.Streamed is { } streamed)
                {
                    streamed.WaitUntilReleased();
                    streamed.SkipRest();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException)
        {
            Fail(ex is InvalidDataException ? ex.Message : null);
        }
    }

    private unsafe void ReadAnswer(BufferedStream output, Slot slot)
    {
        string what = $"blob {slot.Id} ({slot.Path})";
        string header = CatFileBatchReader.ReadLine(output) ?? throw new IOException("git cat-file --batch ended unexpectedly");
        var fields = header.Split(' ');
        if (fields.Length == 2 && fields[1] == "missing")
        {
            slot.Error = new ObjectReadException($"{what} is missing from the object database{_missingHint}");
            return;
        }

        if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            throw new InvalidDataException($"cannot read {what}: git cat-file answered '{header}'");
        }

        if (fields[1] != "blob")
        {
            slot.Error = new ObjectReadException($"cannot read {what}: it is a {fields[1]}, not a blob");
            Skip(output, size + 1);
            return;
        }

        if (size > WholeLimit)
        {
            slot.Streamed = new StreamedAnswer(output, size, slot.Id, slot.Path);
            return;
        }

        void* memory = NativeMemory.Alloc((nuint)Math.Max(1, size));
        try
        {
            output.ReadExactly(new Span<byte>(memory, (int)size));
            if (output.ReadByte() != '\n')
            {
                throw new IOException("git cat-file --batch ended unexpectedly");
            }
        }
        catch
        {
            NativeMemory.Free(memory);
            throw;
        }

        slot.Memory = (nint)memory;
        slot.Length = size;
        lock (_gate)
        {
            _held += size;
        }
    }

    private static void Skip(BufferedStream output, long count)
    {
        Span<byte> scratch = stackalloc byte[8192];
        while (count > 0)
        {
            int read = output.Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (read == 0)
            {
                throw new IOException("git cat-file --batch ended unexpectedly");
            }

            count -= read;
        }
    }

    /// <summary>git stopped answering: every answer still awaited fails, and so does everything asked later.</summary>
    private void Fail(string? reason)
    {
        if (reason is null)
        {
            _process.WaitForExit(1000);
            lock (_errors)
            {
                reason = GitCli.FirstLine(_errors.ToString());
            }
        }

        lock (_gate)
        {
            _failure ??= reason ?? "git cat-file --batch ended unexpectedly";
            foreach (var slot in _unread)
            {
                slot.Error ??= Failed(slot);
                slot.Ready = true;
            }

            _unread.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    private ObjectReadException Failed(Slot slot) => new($"cannot read blob {slot.Id} ({slot.Path}): {_failure}");

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _held -= bytes;
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closing = true;
            _failure ??= "the scan ended";
            Monitor.PulseAll(_gate);
        }

        try
        {
            _input.Close();
        }
        catch (IOException)
        {
        }

        try
        {
            if (!_process.WaitForExit(2000))
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _reader.Join(5000);
        lock (_gate)
        {
            foreach (var slot in _unread)
            {
                slot.Error ??= Failed(slot);
                slot.Ready = true;
            }

            _unread.Clear();
            Monitor.PulseAll(_gate);
        }

        _process.Dispose();
    }

    /// <summary>One announced blob: its answer once read (<see cref="Ready"/>).</summary>
    private sealed class Slot(string id, string path)
    {
        public string Id { get; } = id;

        public string Path { get; } = path;

        public bool Ready { get; set; }

        public ObjectReadException? Error { get; set; }

        public nint Memory { get; set; }

        public long Length { get; set; }

        public StreamedAnswer? Streamed { get; set; }
    }

    /// <summary>An answer read whole, in native memory of its own until disposed.</summary>
    private sealed unsafe class HeldBuffer(CatFilePipeline owner, nint memory, long size) : UnmanagedMemoryStream((byte*)memory, size)
    {
        private nint _memory = memory;

        /// <summary>Throws when the content does not hash to <paramref name="id"/>.</summary>
        public void Verify(string id, string path)
        {
            var hash = BlobIntegrity.Start(id.Length / 2, Length);
            hash.AppendData(new ReadOnlySpan<byte>((void*)_memory, checked((int)Length)));
            BlobIntegrity.Finish(hash, id, path);
        }

        protected override void Dispose(bool disposing)
        {
            long size = _memory != 0 ? Length : 0;
            base.Dispose(disposing);
            if (_memory != 0)
            {
                NativeMemory.Free((void*)_memory);
                _memory = 0;
                owner.Release(size);
            }
        }
    }

    /// <summary>A large answer, read from git's output by the thread that opened it; the reading thread waits until
    /// it is disposed, then skips what was not read.</summary>
    private sealed class StreamedAnswer(BufferedStream output, long length, string id, string path) : ForwardOnlyStream(length)
    {
        private readonly ManualResetEventSlim _released = new();
        private System.Security.Cryptography.IncrementalHash? _hash = BlobIntegrity.Start(id.Length / 2, length);
        private long _read;

        protected override int ReadNext(Span<byte> buffer)
        {
            int read = output.Read(buffer);
            if (read == 0)
            {
                throw new ObjectReadException($"cannot read blob {id} ({path}): git cat-file ended after {_read} of {Length} bytes");
            }

            _read += read;
            _hash?.AppendData(buffer[..read]);
            if (_read == Length && _hash is { } hash)
            {
                _hash = null;
                BlobIntegrity.Finish(hash, id, path);
            }

            return read;
        }

        public void WaitUntilReleased() => _released.Wait();

        /// <summary>Skips what the reader left, and the newline after the object.</summary>
        public void SkipRest() => Skip(output, Length - _read + 1);

        protected override void Dispose(bool disposing)
        {
            _hash?.Dispose();
            _hash = null;
            _released.Set();
            base.Dispose(disposing);
        }
    }
}
