using System.Security.Cryptography;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>A scanner reads: several scans and hooks at once in one repository leave the index and the object
/// database exactly as they were, and no lock file ever appears (git's index.lock would make a concurrent
/// `git add` or `git commit` fail).</summary>
public sealed class ConcurrencyTests
{
    private readonly TestSecrets _secrets = new();

    [Theory]
    [InlineData("plain index")]
    [InlineData("split index")]
    public void ConcurrentScansAndHooks_NeverWriteTheIndexOrObjects_NorTakeALock(string index)
    {
        using var repo = new TempGitRepo();
        for (int i = 0; i < 50; i++)
        {
            repo.Write($"src/f{i}.txt", $"file {i}\n");
        }

        repo.Write("src/leak.txt", $"t = {_secrets.LinqToken()}\n").StageAll();
        repo.Commit();
        if (index == "split index")
        {
            repo.GitOk("update-index", "--split-index");
        }

        repo.Write("src/staged.txt", $"t = {_secrets.LinqToken()}\n").Stage("src/staged.txt");
        repo.Write("src/f1.txt", "changed in the work tree only\n");
        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);
        string before = Snapshot(repo);
        var locks = new List<string>();
        using var stop = new CancellationTokenSource();
        var watcher = new Thread(() => WatchForLocks(repo, locks, stop.Token));
        watcher.Start();

        var runs = new List<Func<ProcessResult>>();
        for (int round = 0; round < 2; round++)
        {
            runs.Add(() => Scanner.Run(repo.Root, "staged", "-q"));
            runs.Add(() => Scanner.Run(repo.Root, "history", "-q"));
            runs.Add(() => Scanner.Run(repo.Root, "commits", "HEAD", "-q"));
            runs.Add(() => Scanner.Run(repo.Root, "dir", "-q"));
            runs.Add(() => ProcessRunner.Run("sh", [repo.PathOf(".git/hooks/pre-commit")], repo.Root));
        }

        var results = runs.AsParallel().WithDegreeOfParallelism(6).Select(run => run()).ToList();
        stop.Cancel();
        watcher.Join();

        Assert.All(results, r => Assert.True(r.ExitCode == 1, r.ToString()));
        Assert.Empty(locks);
        Assert.Equal(before, Snapshot(repo));
    }

    /// <summary>Every file under .git except hooks (which install wrote before), with a hash of its content.</summary>
    private static string Snapshot(TempGitRepo repo)
    {
        string gitDir = repo.PathOf(".git");
        return string.Join('\n', Directory.EnumerateFiles(gitDir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}hooks{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(gitDir, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
    }

    private static void WatchForLocks(TempGitRepo repo, List<string> locks, CancellationToken stop)
    {
        string gitDir = repo.PathOf(".git");
        while (!stop.IsCancellationRequested)
        {
            foreach (var file in Directory.EnumerateFiles(gitDir, "*.lock", SearchOption.AllDirectories))
            {
                lock (locks)
                {
                    locks.Add(file);
                }
            }

            Thread.Sleep(1);
        }
    }
}
