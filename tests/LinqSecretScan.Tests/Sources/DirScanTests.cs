using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>`dir [PATH]`: files on disk, with or without git.</summary>
public sealed class DirScanTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void Dir_OutsideGit_PathsAreRelativeToTheFolder_AndEveryEnvFileIsReported()
    {
        using var folder = new TempGitRepo(init: false);
        folder.Write("app/settings.py", $"TOKEN = '{_secrets.LinqToken()}'\n").Write(".env", "A=1\n").Write(".env.example", "A=\n");

        var (result, findings) = Scanner.Json(Path.GetTempPath(), "dir", folder.Root);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([".env", "app/settings.py"], findings.Select(f => f.GetProperty("path").GetString()).Order());
        Assert.All(findings, f => Assert.Equal(System.Text.Json.JsonValueKind.Null, f.GetProperty("commit").ValueKind));
    }

    [Fact]
    public void Dir_InAWorkTree_ReportsTrackedOrUnignoredEnvFiles_NotIgnoredOnes_AndSkipsDotGit()
    {
        using var repo = new TempGitRepo();
        repo.Write(".gitignore", "secrets/\n.env.local\n")
            .Write(".env.local", "A=1\n")
            .Write("secrets/.env", "B=1\n")
            .Write("config/.env", "C=1\n")
            .Write("tracked.env", "D=1\n");
        repo.GitOk("add", "-f", "tracked.env", ".gitignore");
        repo.Commit();
        repo.GitOk("config", "linq.note", _secrets.LinqToken());

        var (_, findings) = Scanner.Json(repo.Root, "dir");

        Assert.Equal(["config/.env", "tracked.env"], findings.Select(f => f.GetProperty("path").GetString()).Order());
    }

    [Fact]
    public void Dir_IgnoredFilesContentIsStillScanned()
    {
        using var repo = new TempGitRepo();
        repo.Write(".gitignore", "local/\n").Write("local/notes.txt", _secrets.LinqToken() + "\n");

        var (_, findings) = Scanner.Json(repo.Root, "dir");

        Assert.Equal("local/notes.txt", Assert.Single(findings).GetProperty("path").GetString());
    }

    [Fact]
    public void Dir_ASubfolderOfAWorkTree_ReportsRepositoryRelativePaths()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/deep/a.txt", _secrets.LinqToken() + "\n").Write("other.txt", _secrets.LinqToken() + "\n");

        var (_, findings) = Scanner.Json(repo.PathOf("src"), "dir", "deep");

        Assert.Equal("src/deep/a.txt", Assert.Single(findings).GetProperty("path").GetString());
    }

    [Fact]
    public void Dir_ASingleFile_IsScanned()
    {
        using var folder = new TempGitRepo(init: false);
        folder.Write("one.txt", _secrets.LinqToken() + "\n").Write("two.txt", _secrets.LinqToken() + "\n");

        var (_, findings) = Scanner.Json(folder.Root, "dir", "one.txt");

        Assert.Equal("one.txt", Assert.Single(findings).GetProperty("path").GetString());
    }

    [SkippableFact]
    public void Dir_DoesNotFollowSymlinksOutOfTheTree()
    {
        Skip.If(OperatingSystem.IsWindows(), "symlinks need privileges on Windows");

        using var outside = new TempGitRepo(init: false);
        outside.Write("leak.txt", _secrets.LinqToken() + "\n");
        using var tree = new TempGitRepo(init: false);
        tree.Write("ok.txt", "fine\n");
        Directory.CreateSymbolicLink(tree.PathOf("linked-dir"), outside.Root);
        File.CreateSymbolicLink(tree.PathOf("linked-file.txt"), outside.PathOf("leak.txt"));

        var (result, findings) = Scanner.Json(tree.Root, "dir");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [SkippableFact]
    public void Dir_FifoAndEmptyFiles_AreNotRead_SoTheScanDoesNotBlock()
    {
        Skip.If(OperatingSystem.IsWindows(), "no FIFOs");
        using var folder = new TempGitRepo(init: false);
        folder.Write("empty.txt", string.Empty).Write("a.txt", _secrets.LinqToken() + "\n");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [folder.PathOf("pipe")], folder.Root).ExitCode);

        var (result, findings) = Scanner.Json(folder.Root, "dir");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("a.txt", Assert.Single(findings).GetProperty("path").GetString());
    }

    [Fact]
    public void Dir_MissingPath_ExitsTwo()
    {
        var result = Scanner.Run(Path.GetTempPath(), "dir", "/nonexistent/lss/path");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or directory", result.StdErr);
    }

    [SkippableFact]
    public void Dir_UnreadableFile_MakesTheScanIncomplete()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions");
        Skip.If(Environment.UserName == "root", "root reads files whatever their mode");

        using var folder = new TempGitRepo(init: false);
        folder.Write("locked.txt", "x\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.PathOf("locked.txt"), UnixFileMode.None);
        }

        var result = Scanner.Run(folder.Root, "dir");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("locked.txt", result.StdErr);
    }
}
