using System.Globalization;
using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>What a history scan keeps follows the content, not the number of commits (issue 17). Two repositories with
/// the same files and the same blob versions, one with four times the commits of the other: everything the scan
/// counts it keeps at the end (LINQ_SECRET_SCAN_STATS=json: the scanner's content set, the first-introduction set, the
/// findings) is the same in both, and the managed heap after a full collection, taken while that state is alive, is
/// the same within a margin far below what per-commit state (a commit id, a tree and path pair) would add for the
/// extra commits. Counted, not timed. In the integration tier: the heap it counts is the scanner's own process's.</summary>
public sealed class HistoryMemoryTests
{
    private const int Files = 40;
    private const int Versions = 300;

    private readonly TestSecrets _secrets = new();

    [Theory]
    [InlineData("libgit2")]
    [InlineData("LibGit2Sharp")]
    [InlineData("git")]
    public void HistoryScan_KeepsNothingPerCommit(string walk)
    {
        bool managedWalk = walk == "LibGit2Sharp";
        string token = _secrets.LinqToken();
        using var small = Generate(2_000, token);
        using var large = Generate(8_000, token);
        var environment = new Dictionary<string, string?>(ScanStats.Json);
        if (managedWalk)
        {
            environment["LINQ_SECRET_SCAN_MANAGED_GIT"] = "1";
        }

        // git log and git cat-file: the commit list is git's (a process of its own, bounded by its -c settings).
        environment["LINQ_SECRET_SCAN_HISTORY_GIT"] = walk == "git" ? "1" : "0";

        var few = Scan(small, environment);
        var many = Scan(large, environment);

        Assert.Equal(2_000, small.Commits);
        Assert.Equal(8_000, large.Commits);
        Assert.Equal(Versions, few["scanner.contents"]);
        foreach (var (name, value) in few.Where(c => c.Key.StartsWith("scanner.", StringComparison.Ordinal) || c.Key.StartsWith("filters.", StringComparison.Ordinal) || c.Key == "findings"))
        {
            Assert.True(many.TryGetValue(name, out long other) && other == value, $"{name}: {value} after 2,000 commits, {other} after 8,000");
        }

        // Measured: the same to within 8 bytes (471,608 and 471,616). 6,000 more commits: a commit id kept per commit would
        // add over 300 KB, even a set of 6,000 ints about 100 KB.
        long growth = many["managed.heapAfterFullGc"] - few["managed.heapAfterFullGc"];
        Assert.True(growth < 64_000, $"the managed heap grew by {growth:N0} bytes with 6,000 more commits ({few["managed.heapAfterFullGc"]:N0} -> {many["managed.heapAfterFullGc"]:N0})");

        if (walk == "libgit2" && many.TryGetValue("libgit2.cachedBytes", out long cached))
        {
            Assert.True(cached <= many["libgit2.cacheLimit"], $"libgit2 caches {cached:N0} bytes, over its limit {many["libgit2.cacheLimit"]:N0}");
            Assert.True(many["libgit2.cacheLimit"] <= 32L << 20, $"libgit2's object cache is allowed {many["libgit2.cacheLimit"]:N0} bytes");
        }
    }

    private static Dictionary<string, long> Scan(GeneratedRepo repo, IReadOnlyDictionary<string, string?> environment)
    {
        var result = Scanner.RunWithin(TimeSpan.FromMinutes(5), repo.Repo.Root, environment, "history", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        return ScanStats.Of(result);
    }

    /// <summary>A linear history of <paramref name="commits"/> commits over the same <see cref="Files"/> paths and the
    /// same <see cref="Versions"/> blobs (one of them with a token), made with `git fast-import`: commit i writes
    /// version i mod Versions to file i mod Files.</summary>
    private static GeneratedRepo Generate(int commits, string token)
    {
        var repo = new TempGitRepo();
        var stream = new StringBuilder();
        for (int v = 0; v < Versions; v++)
        {
            var content = new StringBuilder();
            for (int line = 0; line < 20; line++)
            {
                content.Append(CultureInfo.InvariantCulture, $"version {v} line {line}: some ordinary text of a source file\n");
            }

            if (v == 7)
            {
                content.Append(CultureInfo.InvariantCulture, $"LINQ_API_TOKEN={token}\n");
            }

            AppendData(stream.Append(CultureInfo.InvariantCulture, $"blob\nmark :{v + 1}\n"), content.ToString());
        }

        for (int c = 0; c < commits; c++)
        {
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/main\nmark :{Versions + c + 1}\n");
            stream.Append(CultureInfo.InvariantCulture, $"committer Gen <gen@example.com> {1_700_000_000 + c} +0000\n");
            AppendData(stream, $"commit {c}\n");
            if (c > 0)
            {
                stream.Append(CultureInfo.InvariantCulture, $"from :{Versions + c}\n");
            }

            int file = c % Files;
            stream.Append(CultureInfo.InvariantCulture, $"M 100644 :{(c % Versions) + 1} src/dir{file % 5}/file{file}.txt\n\n");
        }

        var imported = ProcessRunner.Run("git", ["fast-import", "--quiet"], repo.Root, standardInput: stream.ToString(), timeout: TimeSpan.FromMinutes(2));
        Assert.True(imported.ExitCode == 0, imported.ToString());
        repo.GitOk("reset", "-q", "--hard", "main");
        return new GeneratedRepo(repo, int.Parse(repo.Git("rev-list", "--count", "HEAD").StdOut.Trim(), CultureInfo.InvariantCulture));
    }

    private static void AppendData(StringBuilder stream, string data) =>
        stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(data)}\n").Append(data).Append('\n');

    private sealed record GeneratedRepo(TempGitRepo Repo, int Commits) : IDisposable
    {
        public void Dispose() => Repo.Dispose();
    }
}
