using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>A blobless partial clone (`git clone --filter=blob:none` of a local repository served over file:// with
/// uploadpack.allowFilter) gives the same report and exit code as a full clone for `history`, `commits` and `staged`:
/// the blobs it lacks are fetched from its own promisor remote, in batches (issue 17). With that remote unreachable the
/// scan names the blobs it could not read and exits 2, and it never fetches from another remote.</summary>
public sealed class PartialCloneTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _origin;
    private readonly string _clones;

    public PartialCloneTests()
    {
        _origin = BuildOrigin();
        _clones = Path.Combine(Path.GetTempPath(), "lss-clones-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_clones);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("commits")]
    public void BloblessClone_ReportsWhatAFullCloneReports(string mode)
    {
        string full = Clone("full", []);
        string blobless = Clone("blobless", ["--filter=blob:none"]);
        int missingBefore = Missing(blobless);
        string[] args = mode == "commits" ? ["commits", "HEAD~4..HEAD"] : [mode];

        var expected = Scanner.Run(full, [.. args, "--format", "json", "--show-secrets"]);
        var actual = Scanner.Run(blobless, ScanStats.Json, [.. args, "--format", "json", "--show-secrets"]);

        Assert.True(missingBefore >= 5, $"the clone lacks only {missingBefore} blobs");
        Assert.True(expected.ExitCode == 1, expected.ToString());
        Assert.True(actual.ExitCode == expected.ExitCode, actual.ToString());
        Assert.Equal(expected.StdOut, actual.StdOut);
        var stats = ScanStats.Of(actual);
        Assert.True(stats["fetch.runs"] <= 2, $"{stats["fetch.runs"]} fetches for {stats["fetch.blobs"]} blobs: not batched");
        Assert.True(stats["fetch.blobs"] >= (mode == "history" ? missingBefore : 2), $"{stats["fetch.blobs"]} blobs fetched");
    }

    /// <summary>A sparse blobless checkout whose index takes an older version of a file outside the cone (git reset
    /// writes the id without reading the content): both that version and HEAD's, which the staged scan compares it
    /// with, are missing until fetched.</summary>
    [Fact]
    public void SparseBloblessClone_StagedScan_ReportsWhatAFullCloneReports()
    {
        string full = Clone("full", []);
        string blobless = Clone("blobless", ["--filter=blob:none", "--sparse"]);
        foreach (string clone in new[] { full, blobless })
        {
            Git(clone, "reset", "-q", "HEAD~1", "--", "deep/settings.py");
        }

        Assert.Contains("?", Git(blobless, "rev-list", "--objects", "--missing=print", "HEAD~1").StdOut);

        var expected = Scanner.Run(full, "staged", "--format", "json", "--show-secrets");
        var actual = Scanner.Run(blobless, "staged", "--format", "json", "--show-secrets");

        Assert.True(expected.ExitCode == 1, expected.ToString());
        Assert.True(actual.ExitCode == 1, actual.ToString());
        Assert.Equal(expected.StdOut, actual.StdOut);
    }

    /// <summary>The promisor remote is gone; another remote that has every object is not asked (the repository's own
    /// promisor remote only).</summary>
    [Theory]
    [InlineData("history")]
    [InlineData("commits")]
    public void PromisorRemoteUnreachable_NamesTheMissingBlobs_AndExits2(string mode)
    {
        string blobless = Clone("blobless", ["--filter=blob:none"]);
        var missing = Git(blobless, "rev-list", "--objects", "--missing=print", "--all").StdOut
            .Split('\n').Where(l => l.StartsWith('?')).Select(l => l[1..].Trim()).ToList();
        Git(blobless, "remote", "set-url", "origin", "file://" + Path.Combine(_clones, "gone"));
        Git(blobless, "remote", "add", "mirror", "file://" + _origin.Root);

        string[] args = mode == "commits" ? ["commits", "HEAD~4..HEAD"] : [mode];
        var result = Scanner.Run(blobless, [.. args, "--format", "json", "--show-secrets"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot fetch", result.StdErr);
        Assert.Contains("'origin'", result.StdErr);
        Assert.Contains(missing, id => result.StdErr.Contains(id, StringComparison.Ordinal));
        Assert.Equal(missing.Count, Git(blobless, "rev-list", "--objects", "--missing=print", "--all").StdOut.Split('\n').Count(l => l.StartsWith('?')));
    }

    private TempGitRepo BuildOrigin()
    {
        var repo = new TempGitRepo();
        repo.GitOk("config", "uploadpack.allowFilter", "true");
        repo.Write("README.md", "# app\n").Write("deep/settings.py", $"API_TOKEN = '{_secrets.LinqToken()}'\n").StageAll();
        repo.Commit("base");
        for (int i = 0; i < 6; i++)
        {
            repo.Write($"src/file{i}.txt", $"content {i}\n").Write("src/common.txt", $"common {i}\n").StageAll();
            repo.Commit($"work {i}");
        }

        repo.GitOk("checkout", "-q", "-b", "side");
        repo.Write("side/app.env", $"LINQ_API_KEY={_secrets.LinqToken()}\n").Write("src/file1.txt", "changed on side\n").StageAll();
        repo.Commit("side");
        repo.GitOk("checkout", "-q", "main");
        repo.Write("src/main.yml", $"linq_token: {_secrets.LinqToken()}\n").StageAll();
        repo.Commit("main");
        repo.GitOk("merge", "-q", "--no-edit", "side");
        repo.Write("deep/settings.py", $"API_TOKEN = '{_secrets.LinqToken()}'\nDEBUG = False\n").StageAll();
        repo.Commit("rotate");
        repo.Write("deep/settings.py", "API_TOKEN = read_from_vault()\n").StageAll();
        repo.Commit("vault");
        return repo;
    }

    private string Clone(string name, string[] options)
    {
        string target = Path.Combine(_clones, name);
        var result = ProcessRunner.Run("git", ["clone", "-q", .. options, "file://" + _origin.Root, target], _clones);
        Assert.True(result.ExitCode == 0, result.ToString());
        return target;
    }

    private static int Missing(string repository) =>
        Git(repository, "rev-list", "--objects", "--missing=print", "--all").StdOut.Split('\n').Count(l => l.StartsWith('?'));

    private static ProcessResult Git(string repository, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, repository);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result}");
        return result;
    }

    public void Dispose()
    {
        _origin.Dispose();
        try
        {
            foreach (var file in Directory.EnumerateFiles(_clones, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(_clones, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
