using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LinqSecretScan.Sources;
using LinqSecretScan.Sources.Git;
using LinqSecretScan.Sources.Git.Cli;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>The history's blob reader asks `git cat-file` ahead (<see cref="CatFilePipeline"/>, issue 17): whatever
/// order the scanner's threads open the announced blobs in, each gets its own bytes, with nothing left stuck; a large
/// blob is streamed and skipped when left unread; a missing, replaced or unannounced blob, and a git that dies, are
/// each an answer (an error naming the blob, never a hang); and what is read ahead stays bounded.</summary>
public sealed class CatFilePipelineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ThreadsOpeningInAnyOrder_EachGetTheirBytes(int seed)
    {
        var random = new Random(seed);
        using var repo = new TempGitRepo();
        var contents = new List<byte[]>();
        for (int i = 0; i < 120; i++)
        {
            var bytes = new byte[random.Next(4) == 0 ? random.Next(500_000, 4_000_000) : random.Next(0, 3_000)];
            random.NextBytes(bytes);
            contents.Add(i % 17 == 5 ? contents[i - 1] : bytes); // some blobs twice
        }

        var blobs = Write(repo, contents);
        var expected = blobs.Concat(blobs.Where((_, i) => i % 9 == 0)).ToList(); // some announced twice
        using var pipeline = Start(repo);
        foreach (var (blob, _) in expected)
        {
            pipeline.Expect(blob);
        }

        var order = expected.OrderBy(_ => random.Next()).ToList();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(BlobRef Blob, byte[] Bytes)>(order);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (queue.TryDequeue(out var next))
            {
                using var stream = pipeline.Open(next.Blob);
                Assert.Equal(next.Bytes, ReadAll(stream));
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(Limit); // a TimeoutException when the threads are stuck
        Assert.Equal(0, pipeline.HeldBytes);
    }

    [Fact]
    public void ALargeBlob_IsStreamed_AndSkippedWhenLeftUnread()
    {
        using var repo = new TempGitRepo();
        var large = RandomNumberGenerator.GetBytes((int)CatFilePipeline.WholeLimit + 3_000_000);
        var blobs = Write(repo, [Encoding.UTF8.GetBytes("before\n"), large, Encoding.UTF8.GetBytes("after\n")]);
        using var pipeline = Start(repo);
        foreach (var (blob, _) in blobs.Concat(blobs))
        {
            pipeline.Expect(blob);
        }

        Assert.Equal("before\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[0].Blob))));
        using (var unread = pipeline.Open(blobs[1].Blob))
        {
            Assert.Equal(large.Length, unread.Length);
            Assert.IsNotType<UnmanagedMemoryStream>(unread, exactMatch: false);
        }

        Assert.Equal("after\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[2].Blob))));
        Assert.Equal("before\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[0].Blob))));
        using (var read = pipeline.Open(blobs[1].Blob))
        {
            Assert.Equal(large, ReadAll(read));
        }

        Assert.Equal("after\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[2].Blob))));
    }

    [Fact]
    public void MissingAndUnannouncedBlobs_AreAnswered()
    {
        using var repo = new TempGitRepo();
        var blobs = Write(repo, [Encoding.UTF8.GetBytes("one\n"), Encoding.UTF8.GetBytes("two\n")]);
        var missing = new BlobRef(new LibGit2Sharp.ObjectId(new string('7', 40)), "gone.txt");
        using var pipeline = Start(repo);
        pipeline.Expect(blobs[0].Blob);
        pipeline.Expect(missing);
        pipeline.Expect(blobs[1].Blob);

        var error = Assert.Throws<ObjectReadException>(() => pipeline.Open(missing));
        Assert.Contains(missing.Id.Sha, error.Message, StringComparison.Ordinal);
        Assert.Contains("gone.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal("two\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[1].Blob))));
        Assert.Equal("one\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[0].Blob))));
        Assert.Equal("two\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[1].Blob)))); // not announced: asked now
    }

    /// <summary>git does not check what it prints; an object file whose content is not its id's is an error here.</summary>
    [Fact]
    public void AReplacedObject_IsAnError()
    {
        using var repo = new TempGitRepo();
        var blobs = Write(repo, [Encoding.UTF8.GetBytes("the committed content\n"), Encoding.UTF8.GetBytes("next\n")]);
        string id = blobs[0].Blob.Id.Sha;
        string file = repo.PathOf($".git/objects/{id[..2]}/{id[2..]}");
        File.SetAttributes(file, FileAttributes.Normal);
        using (var output = File.Create(file))
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(Encoding.ASCII.GetBytes("blob 20\0"));
            zlib.Write(Encoding.UTF8.GetBytes("something else here\n"));
        }

        using var pipeline = Start(repo);
        pipeline.Expect(blobs[0].Blob);
        pipeline.Expect(blobs[1].Blob);
        var error = Assert.Throws<ObjectReadException>(() => pipeline.Open(blobs[0].Blob));
        Assert.Contains("does not hash to its id", error.Message, StringComparison.Ordinal);
        Assert.Equal("next\n", Encoding.UTF8.GetString(ReadAll(pipeline.Open(blobs[1].Blob))));
    }

    [Fact]
    public async Task GitDying_FailsWhatIsAwaited_WithoutAHang()
    {
        using var repo = new TempGitRepo();
        var contents = Enumerable.Range(0, 60).Select(i => RandomNumberGenerator.GetBytes(200_000 + i)).ToList();
        var blobs = Write(repo, contents);
        using var pipeline = Start(repo);
        foreach (var (blob, _) in blobs)
        {
            pipeline.Expect(blob);
        }

        Assert.Equal(contents[0], ReadAll(pipeline.Open(blobs[0].Blob)));
        Process.GetProcessById(pipeline.ProcessId!.Value).Kill();
        var opened = Task.Run(() =>
        {
            int failed = 0;
            foreach (var (blob, bytes) in blobs.Skip(1))
            {
                try
                {
                    using var stream = pipeline.Open(blob);
                    Assert.Equal(bytes, ReadAll(stream));
                }
                catch (ObjectReadException ex)
                {
                    Assert.Contains(blob.Id.Sha, ex.Message, StringComparison.Ordinal);
                    failed++;
                }
            }

            return failed;
        });

        int failed = await opened.WaitAsync(Limit); // a TimeoutException when opening hangs
        Assert.True(failed > 0, "every blob was read although git was killed");
    }

    /// <summary>Announced and never opened, answers are read ahead only up to the bound.</summary>
    [Fact]
    public void ReadingAhead_StopsAtItsBound()
    {
        using var repo = new TempGitRepo();
        var contents = Enumerable.Range(0, 90).Select(_ => RandomNumberGenerator.GetBytes(1_500_000)).ToList();
        var blobs = Write(repo, contents);
        using var pipeline = Start(repo);
        foreach (var (blob, _) in blobs)
        {
            pipeline.Expect(blob);
        }

        var watch = Stopwatch.StartNew();
        long held = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            held = Math.Max(held, pipeline.HeldBytes);
            Thread.Sleep(20);
        }

        Assert.True(held >= CatFilePipeline.ReadAheadBytes, $"only {held:N0} bytes were read ahead");
        Assert.True(held < CatFilePipeline.ReadAheadBytes + 1_600_000, $"{held:N0} bytes were read ahead");
        foreach (var (blob, bytes) in blobs)
        {
            Assert.Equal(bytes, ReadAll(pipeline.Open(blob)));
        }
    }

    private static CatFilePipeline Start(TempGitRepo repo) =>
        CatFilePipeline.Start(new GitCli(repo.Root, GitEnvironment.Host(repo.Root)), string.Empty, SharedCatFile.Settings, null)
        ?? throw new InvalidOperationException("git could not be started");

    /// <summary>Each content committed as a file (git add writes loose objects), with its blob.</summary>
    private static List<(BlobRef Blob, byte[] Bytes)> Write(TempGitRepo repo, List<byte[]> contents)
    {
        for (int i = 0; i < contents.Count; i++)
        {
            repo.WriteBytes($"f{i:D4}.bin", contents[i]);
        }

        repo.StageAll();
        var ids = repo.Git("ls-files", "-s").StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[1], p => p[0].Split(' ')[1]);
        return contents.Select((bytes, i) => (new BlobRef(new LibGit2Sharp.ObjectId(ids[$"f{i:D4}.bin"]), $"f{i:D4}.bin"), bytes)).ToList();
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
