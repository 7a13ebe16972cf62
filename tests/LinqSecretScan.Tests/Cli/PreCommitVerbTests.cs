using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>`linq-secret-scan pre-commit FILE...`, what the pre-commit framework runs: during a commit (git sets
/// GIT_INDEX_FILE, and the files are the staged ones) it scans what the commit adds, from the index; otherwise it scans
/// the files whole, from disk. PreCommitFrameworkTests runs it through the real pre-commit.</summary>
public sealed class PreCommitVerbTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _repo = new();
    private readonly string _oldToken;

    public PreCommitVerbTests()
    {
        _oldToken = _secrets.LinqToken();
        _repo.Write("settings.py", $"DEBUG = True\nTOKEN = '{_oldToken}'\n").Write("README", "hello\n").StageAll();
        _repo.Commit("an old token");
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>The report names a Linq API token at <paramref name="location"/> (path:line:column).</summary>
    private static void AssertTokenAt(string location, ProcessResult result) =>
        Assert.Contains($"{location}  linq-api-token", result.StdOut);

    private static Dictionary<string, string?> DuringACommit(string index = ".git/index") => new() { ["GIT_INDEX_FILE"] = index };

    [Fact]
    public void DuringACommit_ScansWhatTheCommitAddsToTheFiles_FromTheIndex()
    {
        string newToken = _secrets.LinqToken();
        _repo.Write("settings.py", $"DEBUG = True\nTOKEN = '{_oldToken}'\nTIMEOUT = 5\n").Stage("settings.py");
        var unrelatedEdit = Scanner.Run(_repo.Root, DuringACommit(), "pre-commit", "settings.py");
        _repo.Write("settings.py", $"DEBUG = True\nTOKEN = '{_oldToken}'\nTIMEOUT = 5\nNEW = '{newToken}'\n");
        var unstagedToken = Scanner.Run(_repo.Root, DuringACommit(), "pre-commit", "settings.py");
        _repo.Stage("settings.py");
        var stagedToken = Scanner.Run(_repo.Root, DuringACommit(), "pre-commit", "settings.py");

        Assert.True(unrelatedEdit.ExitCode == 0, unrelatedEdit.ToString());
        Assert.Contains("in staged changes", unrelatedEdit.StdOut);
        Assert.True(unstagedToken.ExitCode == 0, unstagedToken.ToString());
        Assert.Equal(1, stagedToken.ExitCode);
        AssertTokenAt("settings.py:4:8", stagedToken);
        Assert.DoesNotContain("settings.py:2:", stagedToken.StdOut);
    }

    [Fact]
    public void DuringACommit_OnlyTheFilesGiven_AreScanned()
    {
        _repo.Write("a.py", $"A = '{_secrets.LinqToken()}'\n").Write("b.py", "B = 1\n").StageAll();

        var onlyB = Scanner.Run(_repo.Root, DuringACommit(), "pre-commit", "b.py");
        var both = Scanner.Run(_repo.Root, DuringACommit(), "pre-commit", "a.py", "b.py");

        Assert.True(onlyB.ExitCode == 0, onlyB.ToString());
        Assert.Equal(1, both.ExitCode);
        AssertTokenAt("a.py:1:6", both);
    }

    [Fact]
    public void FilesThatAreNotAllStaged_AreScannedWholeFromDisk_EvenDuringACommit()
    {
        _repo.Write("README", "hello again\n").Stage("README");

        var allFiles = Scanner.Run(_repo.Root, DuringACommit(), "pre-commit", "README", "settings.py");

        Assert.Equal(1, allFiles.ExitCode);
        AssertTokenAt("settings.py:2:10", allFiles);
        Assert.DoesNotContain("staged changes", allFiles.StdOut);
    }

    [Fact]
    public void OutsideACommit_TheFilesAreScannedWhole_AsAllFilesWants()
    {
        _repo.Write("settings.py", $"DEBUG = True\nTOKEN = '{_oldToken}'\nTIMEOUT = 5\n").Stage("settings.py");

        var byHand = Scanner.Run(_repo.Root, "pre-commit", "settings.py", "README");
        Directory.CreateDirectory(_repo.PathOf("sub"));
        var fromASubfolder = Scanner.Run(_repo.PathOf("sub"), "pre-commit", "-C", _repo.Root, "settings.py");

        Assert.Equal(1, byHand.ExitCode);
        AssertTokenAt("settings.py:2:10", byHand);
        Assert.Equal(1, fromASubfolder.ExitCode);
    }

    [Fact]
    public void WithoutAFile_IsBadUsage()
    {
        var result = Scanner.Run(_repo.Root, "pre-commit");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("linq-secret-scan: pre-commit needs a FILE (see 'linq-secret-scan pre-commit --help')", result.StdErr.Trim());
    }
}
