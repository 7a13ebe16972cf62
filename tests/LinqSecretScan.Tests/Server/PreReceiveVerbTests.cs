using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Server;

/// <summary>The pre-receive verb run by hand, outside git (in-process): its command line, its input, and what it does
/// with ref updates whose objects are in the repository already.</summary>
public sealed class PreReceiveVerbTests
{
    private const string Zero = "0000000000000000000000000000000000000000";

    [Theory]
    [InlineData("pre-receive", "--bogus")]
    [InlineData("pre-receive", "--show-secrets")]
    [InlineData("pre-receive", "--format", "json")]
    public void BadCommandLines_ExitTwo_WithOneLine(params string[] args)
    {
        using var bare = new TempGitRepo(bare: true);

        var result = Scanner.RunWithInput(bare.Root, string.Empty, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public void InputThatIsNotGits_IsRefused_NamingTheLine()
    {
        using var bare = new TempGitRepo(bare: true);

        var result = Scanner.RunWithInput(bare.Root, $"{Zero} {Zero} refs/heads/main\nnot a ref update\n", "pre-receive");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("standard input line 2 is not '<old id> <new id> <ref>'", result.StdErr);
    }

    [Fact]
    public void OnlyDeletions_AreAccepted_WithoutReadingAnything()
    {
        using var bare = new TempGitRepo(bare: true);

        var result = Scanner.RunWithInput(bare.Root, $"{new string('1', 40)} {Zero} refs/heads/gone\n", "pre-receive");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Outside a push (no quarantine) the objects are in the repository: a ref update of a commit that no ref
    /// has yet is judged as a push of it would be.</summary>
    [Fact]
    public void ByHand_AnUpdateToACommitNoRefHas_IsJudged()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").StageAll();
        string clean = repo.Commit();
        repo.Write("b.txt", $"LINQ_API_KEY={new TestSecrets().LinqToken()}\n").StageAll();
        string leak = repo.Commit();
        repo.GitOk("update-ref", "refs/heads/main", clean);

        var result = Scanner.RunWithInput(Path.GetTempPath(), $"{clean} {leak} refs/heads/main\n", "pre-receive", "-C", repo.Root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("b.txt:1:14  linq-api-token", result.StdErr);
        Assert.Contains($"commit {leak[..12]}", result.StdErr);
    }

    [Fact]
    public void AnObjectThatIsNotThere_IsRefused_WithTheReason()
    {
        using var bare = new TempGitRepo(bare: true);
        string missing = new('a', 40);

        var result = Scanner.RunWithInput(bare.Root, $"{Zero} {missing} refs/heads/main\n", "pre-receive");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"object {missing} is not in the object database (no quarantine: is this running as git's pre-receive hook?)", result.StdErr);
    }
}
