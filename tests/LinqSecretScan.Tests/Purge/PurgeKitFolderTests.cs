using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Purge;

/// <summary>Where purge-kit may write, and how: the folder 0700 and the files 0600 from the moment they exist (even
/// under umask 000, which PurgeKitFileModeTests shows with the scanner as its own process), never inside the repository (work tree, .git, symlinks resolved, bare repositories, linked
/// worktrees), never into a folder that already holds something; and no secret on the terminal on any path.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PurgeKitFolderTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _repo = new();
    private readonly TempGitRepo _outside = new(init: false);
    private readonly string _token;

    public PurgeKitFolderTests()
    {
        _token = _secrets.LinqToken();
        _repo.Write("app.py", $"TOKEN = '{_token}'\n").StageAll();
        _repo.Commit();
    }

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    private ProcessResult PurgeKit(string workingDirectory, params string[] arguments)
    {
        var result = Scanner.Run(workingDirectory, ["purge-kit", .. arguments]);
        Assert.DoesNotContain(_token, result.StdOut + result.StdErr);
        Assert.DoesNotContain(_token["linq_".Length..][..8], result.StdOut + result.StdErr);
        return result;
    }

    private static void AssertRefused(ProcessResult result, string because)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(because, result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public void Kit_AnExistingEmptyFolder_IsTaken_AndMadePrivate()
    {
        string kit = Path.Combine(_outside.Root, "empty");
        Directory.CreateDirectory(kit);
        File.SetUnixFileMode(kit, (UnixFileMode)0b111_111_111);

        var result = PurgeKit(_repo.Root, "-o", kit);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(kit));
    }

    [Fact]
    public void Kit_AFolderThatIsNotEmpty_IsRefused_AndLeftAsItWas()
    {
        string kit = Path.Combine(_outside.Root, "old-kit");
        Directory.CreateDirectory(kit);
        File.WriteAllText(Path.Combine(kit, "replacements.txt"), "older\n");

        var result = PurgeKit(_repo.Root, "-o", kit);

        AssertRefused(result, "is not empty");
        Assert.Equal("older\n", File.ReadAllText(Path.Combine(kit, "replacements.txt")));
        Assert.Single(Directory.GetFileSystemEntries(kit));
    }

    [Theory]
    [InlineData("kit")]
    [InlineData("sub/dir/kit")]
    [InlineData(".git/kit")]
    [InlineData(".")]
    public void Kit_InsideTheRepository_IsRefused_AndNothingIsCreated(string relative)
    {
        var result = PurgeKit(_repo.Root, "-o", relative);

        AssertRefused(result, "is inside the repository");
        Assert.False(Directory.Exists(_repo.PathOf("kit")));
        Assert.False(Directory.Exists(_repo.PathOf("sub")));
        Assert.False(Directory.Exists(_repo.PathOf(".git/kit")));
    }

    [Fact]
    public void Kit_ThroughASymlinkThatLeadsIntoTheWorkTree_IsRefused()
    {
        Directory.CreateDirectory(_repo.PathOf("docs"));
        string link = Path.Combine(_outside.Root, "looks-outside");
        Directory.CreateSymbolicLink(link, _repo.PathOf("docs"));

        var result = PurgeKit(_outside.Root, "-C", _repo.Root, "-o", Path.Combine(link, "kit"));

        AssertRefused(result, "is inside the repository");
        Assert.False(Directory.Exists(_repo.PathOf("docs/kit")));
    }

    [Fact]
    public void Kit_FromARepositoryReachedThroughASymlink_IsStillRefusedInside()
    {
        string link = Path.Combine(_outside.Root, "repo-link");
        Directory.CreateSymbolicLink(link, _repo.Root);

        var result = PurgeKit(_outside.Root, "-C", link, "-o", Path.Combine(_repo.Root, "kit"));

        AssertRefused(result, "is inside the repository");
    }

    [Fact]
    public void Kit_InAnotherWorktreeOfTheSameRepository_IsRefused()
    {
        string linked = Path.Combine(_outside.Root, "linked");
        _repo.GitOk("worktree", "add", "-q", linked, "-b", "other");

        var fromLinked = PurgeKit(linked, "-o", Path.Combine(_repo.Root, "kit"));
        var fromMain = PurgeKit(_repo.Root, "-o", Path.Combine(linked, "kit"));

        AssertRefused(fromLinked, "is inside the repository");
        AssertRefused(fromMain, "is inside the repository");
    }

    [Fact]
    public void Kit_InABareRepository_IsRefusedInside_AndWrittenOutside_WithAPlanThatPushesBackToIt()
    {
        string bare = Path.Combine(_outside.Root, "server.git");
        _repo.GitOk("clone", "-q", "--bare", _repo.Root, bare);

        var inside = PurgeKit(_outside.Root, "-C", bare, "-o", Path.Combine(bare, "kit"));
        var outside = PurgeKit(_outside.Root, "-C", bare, "-o", Path.Combine(_outside.Root, "kit"));

        AssertRefused(inside, "is inside the repository");
        Assert.Equal(1, outside.ExitCode);
        string plan = File.ReadAllText(Path.Combine(_outside.Root, "kit", "PLAN.md"));
        Assert.Contains("bare repository", plan);
        Assert.Contains($"git clone --mirror --no-local {bare} ", plan);
        Assert.Contains($"git push --force {bare} refs/heads/main", plan);
    }

    [Fact]
    public void Kit_WithoutOutput_IsBadUsage()
    {
        var result = PurgeKit(_repo.Root);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--output", result.StdErr);
    }

    [Theory]
    [InlineData("-o")]
    [InlineData("extra-word")]
    [InlineData("--format", "json")]
    [InlineData("--show-secrets")]
    public void Kit_WordsItDoesNotTake_AreRefused_AndNothingIsWritten(params string[] words)
    {
        string kit = Path.Combine(_outside.Root, "kit");

        var result = PurgeKit(_repo.Root, ["-o", kit, .. words]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.False(Directory.Exists(kit));
    }

    [Fact]
    public void Kit_PathThatIsAFile_IsRefused()
    {
        string file = Path.Combine(_outside.Root, "a-file");
        File.WriteAllText(file, "x");

        AssertRefused(PurgeKit(_repo.Root, "-o", file), "is a file");
    }

    [Fact]
    public void Kit_FolderThatCannotBeCreated_ExitsTwo_WithoutASecret()
    {
        var result = PurgeKit(_repo.Root, "-o", "/proc/self/no-such/kit");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("linq-secret-scan: ", result.StdErr);
    }
}
