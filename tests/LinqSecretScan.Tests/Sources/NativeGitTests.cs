using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>The direct libgit2 fast path (tree walk, blob reads) and the LibGit2Sharp path give the same findings,
/// byte for byte, on repositories with branches, merges, renames, tags, submodules, symlinks and executables.</summary>
public sealed class NativeGitTests
{
    private readonly TestSecrets _secrets = new();
    private static readonly Dictionary<string, string?> Managed = new() { ["LINQ_SECRET_SCAN_MANAGED_GIT"] = "1" };
    private static readonly Dictionary<string, string?> NativeRequired = new() { ["LINQ_SECRET_SCAN_MANAGED_GIT"] = "0" };

    [Theory]
    [InlineData("history")]
    [InlineData("commits")]
    [InlineData("staged")]
    public void NativeAndManagedGitAccess_ReportTheSameFindings(string mode)
    {
        using var repo = BuildRepository();
        string[] args = mode switch
        {
            "commits" => ["commits", "HEAD~3..HEAD"],
            _ => [mode],
        };

        var native = Scanner.Run(repo.Root, NativeRequired, [.. args, "--format", "json", "--show-secrets"]);
        var managed = Scanner.Run(repo.Root, Managed, [.. args, "--format", "json", "--show-secrets"]);

        Assert.True(native.ExitCode == 1, native.ToString());
        Assert.Equal(managed.StdOut, native.StdOut);
        Assert.Equal(managed.ExitCode, native.ExitCode);
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
