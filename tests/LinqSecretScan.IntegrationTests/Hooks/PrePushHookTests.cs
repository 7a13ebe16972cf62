using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hooks;

/// <summary>The pre-push hook with real pushes to a bare remote: it scans exactly the commits being pushed.</summary>
public sealed class PrePushHookTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _remote = new(bare: true);
    private readonly TempGitRepo _repo = new();

    public PrePushHookTests()
    {
        _repo.GitOk("remote", "add", "origin", _remote.Root);
        var install = Scanner.Run(_repo.Root, "install", "--hook", "pre-push");
        Assert.True(install.ExitCode == 0, install.ToString());
    }

    public void Dispose()
    {
        _repo.Dispose();
        _remote.Dispose();
    }

    private ProcessResult Push(params string[] args) => _repo.Git(["push", "-q", "origin", .. args]);

    [Fact]
    public void PrePush_NewBranchWithAToken_IsStopped_AndNothingReachesTheRemote()
    {
        _repo.Write("a.txt", "a\n").StageAll();
        _repo.Commit();
        _repo.Write("b.txt", _secrets.LinqToken() + "\n").StageAll();
        _repo.Commit();

        var push = Push("main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("b.txt:1:1", push.StdOut + push.StdErr);
        Assert.NotEqual(0, _remote.Git("rev-parse", "--verify", "refs/heads/main").ExitCode);
    }

    [Fact]
    public void PrePush_CleanCommits_ArePushed()
    {
        _repo.Write("a.txt", "a\n").StageAll();
        _repo.Commit();

        var push = Push("main");

        Assert.True(push.ExitCode == 0, push.ToString());
    }

    [Fact]
    public void PrePush_Update_ScansOnlyTheNewCommits()
    {
        _repo.Write("old.txt", _secrets.LinqToken() + "\n").StageAll();
        _repo.Commit("already on the remote");
        Assert.Equal(0, _repo.Git("push", "-q", "--no-verify", "origin", "main").ExitCode);
        _repo.Write("new.txt", "clean\n").StageAll();
        _repo.Commit("clean");

        var clean = Push("main");
        _repo.Write("leak.txt", _secrets.LinqToken() + "\n").StageAll();
        _repo.Commit("leak");
        var leak = Push("main");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, leak.ExitCode);
        Assert.Contains("leak.txt", leak.StdOut + leak.StdErr);
        Assert.DoesNotContain("old.txt", leak.StdOut + leak.StdErr);
    }

    [Fact]
    public void PrePush_NewBranchFromPushedCommits_HasNothingNewToScan()
    {
        _repo.Write("old.txt", _secrets.LinqToken() + "\n").StageAll();
        _repo.Commit();
        Assert.Equal(0, _repo.Git("push", "-q", "--no-verify", "origin", "main").ExitCode);
        _repo.GitOk("branch", "copy");

        var push = Push("copy");

        Assert.True(push.ExitCode == 0, push.ToString());
    }

    [Fact]
    public void PrePush_ForcePushOfARewrittenCommitWithAToken_IsStopped()
    {
        _repo.Write("a.txt", "a\n").StageAll();
        _repo.Commit();
        Assert.Equal(0, Push("main").ExitCode);
        _repo.Write("a.txt", $"a\n{_secrets.LinqToken()}\n").StageAll();
        _repo.GitOk("commit", "-q", "--amend", "--no-verify", "-m", "rewritten");

        var push = Push("--force", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("a.txt:2:1", push.StdOut + push.StdErr);
    }

    [Fact]
    public void PrePush_BranchDeletion_IsAllowed()
    {
        _repo.Write("a.txt", "a\n").StageAll();
        _repo.Commit();
        Assert.Equal(0, Push("main").ExitCode);
        Assert.Equal(0, Push("main:gone").ExitCode);

        var delete = Push("--delete", "gone");

        Assert.True(delete.ExitCode == 0, delete.ToString());
    }

    [Fact]
    public void InstallBothHooks_AndUninstallPrePush_LeavesPreCommit()
    {
        Assert.Equal(0, Scanner.Run(_repo.Root, "install").ExitCode);

        var uninstall = Scanner.Run(_repo.Root, "uninstall", "--hook", "pre-push");

        Assert.Equal(0, uninstall.ExitCode);
        Assert.False(File.Exists(_repo.PathOf(".git/hooks/pre-push")));
        Assert.True(File.Exists(_repo.PathOf(".git/hooks/pre-commit")));
    }
}
