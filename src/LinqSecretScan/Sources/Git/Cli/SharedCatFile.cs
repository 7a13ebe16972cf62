using System.Runtime.InteropServices;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>One `git cat-file --batch` shared by every thread of a scan that reads many blobs (a history). git reads a
/// pack's objects about three times faster than libgit2 (measured on git/git: 5.5 GB of blobs, 27 s of CPU through
/// libgit2, under 10 s through git), mostly thanks to its larger delta base cache (libgit2's is 16 MiB and emptied
/// whenever it fills), and it does so in a process of its own, beside the scanner's threads. A thread asks for a blob
/// and reads it whole while it holds the process (a blob above <see cref="WholeLimit"/> is streamed, holding it until
/// disposed), then scans it while another thread asks for the next. git's caches are bounded (<see cref="Settings"/>),
/// so its memory does not grow with the repository. When git cannot be started, every read goes to
/// <paramref name="fallback"/>.</summary>
/// <param name="lazyFetch">See <see cref="CatFileBatchReader"/>.</param>
/// <param name="fallback">Makes the reader used instead when git cannot be started (one per thread).</param>
internal sealed class SharedCatFile(GitCli git, string missingHint, Func<IContentReader> fallback, bool lazyFetch) : IDisposable
{
    /// <summary>Content up to this size is copied out of git's output in one go, so the process is free for the next
    /// thread while this one scans.</summary>
    public const long WholeLimit = 16 << 20;

    /// <summary>git's defaults are a 96 MiB delta base cache and the whole pack mapped in 1 GiB windows (resident as
    /// far as read): bounded here, what git keeps stays well under the pack's size. 48 MiB of delta bases took about
    /// as long as 96 on git/git (bench/scale.sh).</summary>
    public static readonly IReadOnlyList<string> Settings =
    [
        "core.deltaBaseCacheLimit=48m",
        "core.packedGitWindowSize=32m",
        "core.packedGitLimit=128m",
    ];

    private readonly Lock _gate = new();
    private readonly CatFileBatchReader _reader = new(git, missingHint, Settings, lazyFetch);
    private bool _unavailable;

    public IContentReader CreateReader() => new Client(this, fallback);

    /// <summary>The git process's peak resident memory so far (Linux; null when none runs), for the statistics.</summary>
    public long? PeakResidentBytes()
    {
        lock (_gate)
        {
            return _reader.ProcessId is int pid ? Core.ProcessMemory.PeakOf(pid) : null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _reader.Dispose();
        }
    }

    private sealed class Client(SharedCatFile owner, Func<IContentReader> fallback) : IContentReader
    {
        private IContentReader? _fallback;

        public Stream Open(ContentRef content)
        {
            if (_fallback is not null)
            {
                return _fallback.Open(content);
            }

            owner._gate.Enter();
            bool handedOver = false;
            try
            {
                if (owner._unavailable)
                {
                    return (_fallback = fallback()).Open(content);
                }

                Stream stream;
                try
                {
                    stream = owner._reader.Open(content);
                }
                catch (ObjectReadException) when (owner._reader.NotStartable)
                {
                    owner._unavailable = true;
                    return (_fallback = fallback()).Open(content);
                }

                if (stream.Length > WholeLimit)
                {
                    handedOver = true;
                    return new HeldStream(stream, owner._gate);
                }

                using (stream)
                {
                    return NativeBufferStream.ReadWhole(stream);
                }
            }
            finally
            {
                if (!handedOver)
                {
                    owner._gate.Exit();
                }
            }
        }

        public void Dispose() => _fallback?.Dispose();
    }

    /// <summary>A large blob streamed from git: the process stays with this thread until the stream is disposed.</summary>
    private sealed class HeldStream(Stream inner, Lock gate) : ForwardOnlyStream(inner.Length)
    {
        private bool _released;

        protected override int ReadNext(Span<byte> buffer) => inner.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (!_released)
            {
                _released = true;
                inner.Dispose();
                gate.Exit();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Content copied into native memory of its own (freed when disposed): in place for the content scanner,
    /// like a libgit2 blob, and never a managed array of its size.</summary>
    private sealed unsafe class NativeBufferStream : UnmanagedMemoryStream
    {
        private void* _memory;

        private NativeBufferStream(void* memory, long length)
            : base((byte*)memory, length)
        {
            _memory = memory;
        }

        public static NativeBufferStream ReadWhole(Stream stream)
        {
            long length = stream.Length;
            void* memory = NativeMemory.Alloc((nuint)Math.Max(1, length));
            try
            {
                stream.ReadExactly(new Span<byte>(memory, checked((int)length)));
                return new NativeBufferStream(memory, length);
            }
            catch
            {
                NativeMemory.Free(memory);
                throw;
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (_memory is not null)
            {
                NativeMemory.Free(_memory);
                _memory = null;
            }
        }
    }
}
