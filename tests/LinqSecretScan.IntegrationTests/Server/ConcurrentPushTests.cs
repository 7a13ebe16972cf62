using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Server;

/// <summary>Many pushes at once, each its own hook run with its own quarantine, and large pushes whose objects arrive
/// as a pack.</summary>
public sealed class ConcurrentPushTests(GitServersFixture servers) : IClassFixture<GitServersFixture>
{
    private readonly TestSecrets _secrets = new();

    /// <summary>16 pushes at once, 8 through git daemon and 8 through smart HTTP, each to a branch of its own, every
    /// second one with a token: each is decided on its own commits.</summary>
    [Fact]
    public async Task SixteenConcurrentPushes_HalfWithSecrets_AreEachDecidedRight()
    {
        using var overDaemon = new ServerRepository(servers.Get(GitServer.Daemon));
        using var overHttp = new ServerRepository(servers.Get(GitServer.Http));
        var pushes = new List<(ServerRepository Repo, TempGitRepo Client, string Branch, string Commit, bool Leaks)>();
        try
        {
            foreach (var repo in (ServerRepository[])[overDaemon, overHttp])
            {
                // 16 scanners at once on a shared two-core machine: no time budget here, the budget has its own test.
                repo.Policy("linqsecretscan.timeout", "0");
                repo.Commit("start", ("README.md", "hello\n"));
                repo.PushAccepted("main");
                for (int i = 0; i < 8; i++)
                {
                    var client = new TempGitRepo(init: false);
                    client.GitOk("clone", "-q", repo.Server.UrlOf(repo.Name), ".");
                    string branch = $"topic-{i}";
                    bool leaks = i % 2 == 1;
                    client.GitOk("checkout", "-q", "-b", branch);
                    client.Write($"work/{branch}.txt", leaks ? $"LINQ_API_KEY={_secrets.LinqToken()}\n" : $"plain work {i}\n").StageAll();
                    pushes.Add((repo, client, branch, client.Commit($"work on {branch}"), leaks));
                }
            }

            var results = await Task.WhenAll(pushes.Select(p => Task.Run(() => p.Client.Git("push", "--porcelain", "origin", p.Branch))))
                .WaitAsync(TimeSpan.FromMinutes(10));

            var wrong = new StringBuilder();
            for (int i = 0; i < pushes.Count; i++)
            {
                var (repo, _, branch, commit, leaks) = pushes[i];
                var result = results[i];
                string? onServer = repo.RefOnServer($"refs/heads/{branch}");
                bool decidedRight = leaks
                    ? result.ExitCode != 0 && onServer is null && result.StdErr.Contains($"work/{branch}.txt:1:", StringComparison.Ordinal)
                    : result.ExitCode == 0 && onServer == commit && result.StdErr.Contains("no Linq secrets in the push (1 new commit", StringComparison.Ordinal);
                if (!decidedRight)
                {
                    wrong.AppendLine($"{repo.Server.Kind} {branch} (leaks: {leaks}): {result}");
                }
            }

            Assert.True(wrong.Length == 0, wrong.ToString());
        }
        finally
        {
            foreach (var push in pushes)
            {
                push.Client.Dispose();
            }
        }
    }

    /// <summary>More than 100 objects arrive as a pack in the quarantine, not as loose objects.</summary>
    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void APushOf150Commits_WithATokenInOne_IsRefused_NamingThatCommit(string kind)
    {
        using var repo = new ServerRepository(servers.Get(kind));
        repo.Commit("start", ("README.md", "hello\n"));
        repo.PushAccepted("main");
        var script = new StringBuilder();
        for (int i = 1; i <= 150; i++)
        {
            string content = i == 75 ? $"LINQ_API_KEY={_secrets.LinqToken()}\n" : $"line {i} {_secrets.Alnum(20)}\n";
            string message = $"commit {i}";
            script.Append("commit refs/heads/main\n")
                .Append($"committer Test <test@example.invalid> {1_700_000_000 + i} +0000\n")
                .Append($"data {message.Length}\n{message}\n");
            if (i == 1)
            {
                script.Append("from refs/heads/main^0\n");
            }

            script.Append($"M 100644 inline files/f{i % 40}.txt\ndata {Encoding.UTF8.GetByteCount(content)}\n{content}\n");
        }

        var import = ProcessRunner.Run("git", ["fast-import", "--quiet", "--force"], repo.Client.Root, standardInput: script.ToString());
        Assert.True(import.ExitCode == 0, import.ToString());
        string culprit = repo.Client.Git("rev-parse", "main~75").StdOut.Trim();

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains($"commit {culprit[..12]} \"commit 75\"", push.StdErr);
        Assert.Contains("files/f35.txt:1:", push.StdErr);
    }
}
