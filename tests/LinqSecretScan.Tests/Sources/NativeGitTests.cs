using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>Every way of reading git (<c>Sources/Git</c>: LibGit2Sharp, the direct libgit2 calls, the git executable)
/// gives the same findings, byte for byte, on repositories with branches, merges, renames, tags, submodules, symlinks
/// and executables. The switches pin one way each (CONTRIBUTING.md).</summary>
public sealed class NativeGitTests
{
    private readonly TestSecrets _secrets = new();
    private static readonly Dictionary<string, string?> Managed = new() { ["LINQ_SECRET_SCAN_MANAGED_GIT"] = "1" };
    private static readonly Dictionary<string, string?> NativeRequired = new() { ["LINQ_SECRET_SCAN_MANAGED_GIT"] = "0" };
    private static readonly Dictionary<string, string?> GitCli = new() { ["LINQ_SECRET_SCAN_GIT_CLI"] = "1" };
    private static readonly Dictionary<string, string?> FullDiff = new() { ["LINQ_SECRET_SCAN_FULL_DIFF"] = "1" };
    private static readonly Dictionary<string, string?> HistoryThroughGit = new() { ["LINQ_SECRET_SCAN_HISTORY_GIT"] = "1" };

    [Theory]
    [InlineData("history")]
    [InlineData("commits")]
    [InlineData("staged")]
    public void EveryWayOfReadingGit_ReportsTheSameFindings(string mode)
    {
        using var repo = BuildRepository();
        string[] args = mode switch
        {
            "commits" => ["commits", "HEAD~3..HEAD"],
            _ => [mode],
        };

        var byDefault = Scanner.Run(repo.Root, [.. args, "--format", "json", "--show-secrets"]);
        var native = Scanner.Run(repo.Root, NativeRequired, [.. args, "--format", "json", "--show-secrets"]);
        var managed = Scanner.Run(repo.Root, Managed, [.. args, "--format", "json", "--show-secrets"]);
        var git = Scanner.Run(repo.Root, GitCli, [.. args, "--format", "json", "--show-secrets"]);
        var fullDiff = Scanner.Run(repo.Root, FullDiff, [.. args, "--format", "json", "--show-secrets"]);
        var historyThroughGit = Scanner.Run(repo.Root, HistoryThroughGit, [.. args, "--format", "json", "--show-secrets"]);

        Assert.True(byDefault.ExitCode == 1, byDefault.ToString());
        Assert.Equal(byDefault.StdOut, native.StdOut);
        Assert.Equal(byDefault.StdOut, managed.StdOut);
        Assert.Equal(byDefault.StdOut, git.StdOut);
        Assert.Equal(byDefault.StdOut, fullDiff.StdOut);
        Assert.Equal(byDefault.StdOut, historyThroughGit.StdOut);
        Assert.All([native, managed, git, fullDiff, historyThroughGit], r => Assert.Equal(byDefault.ExitCode, r.ExitCode));
    }

    /// <summary>Read through git, a blob that is not there is named, and the rest is still scanned (exit 2).</summary>
    [Fact]
    public void GitCli_AMissingBlob_IsNamed_AndTheScanIsIncomplete()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").StageAll();
        repo.Commit("base");
        string token = _secrets.LinqToken();
        repo.Write("gone.txt", "gone\n").Write("kept.txt", $"t = {token}\n").StageAll();
        string blob = repo.Git("rev-parse", ":gone.txt").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{blob[..2]}/{blob[2..]}"));

        var result = Scanner.Run(repo.Root, GitCli, "staged", "--format", "json", "--show-secrets");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(blob, result.StdErr);
        Assert.Contains("gone.txt", result.StdErr);
        Assert.Contains(token, result.StdOut);
    }

    private TempGitRepo BuildRepository()
    {
        var repo = new TempGitRepo();
        repo.Write("a/one.txt", "one\n").Write("b/two.py", $"T = '{_secrets.LinqToken()}'\n").StageAll();
        repo.Commit("base");
        repo.GitOk("checkout", "-q", "-b", "side");
        repo.Write("side/s.yml", $"LINQ_TOKEN: {_secrets.Alnum(32)}\n").Write("a/one.txt", "one\nside\n").StageAll();
        repo.Commit("side");
        repo.GitOk("checkout", "-q", "main");
        repo.Write("run.sh", $"#!/bin/sh\nexport LINQ_API_KEY={_secrets.Hex(40)}\n").StageAll();
        repo.GitOk("update-index", "--chmod=+x", "run.sh");
        repo.Commit("exec");
        repo.GitOk("merge", "-q", "--no-edit", "side");
        repo.GitOk("mv", "b/two.py", "b/renamed.py");
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(repo.PathOf("link"), "linq" + "_" + _secrets.Alnum(32));
        }

        repo.StageAll();
        repo.Commit("rename");
        repo.GitOk("tag", "-a", "v1", "-m", "v1");
        repo.Write("staged.txt", $"{_secrets.LinqToken()}\n").Write("a/one.txt", $"one\nside\n{_secrets.LinqToken()}\n").StageAll();
        return repo;
    }
}
