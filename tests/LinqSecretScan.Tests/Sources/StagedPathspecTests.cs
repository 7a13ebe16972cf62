using LibGit2Sharp;
using LinqSecretScan.Sources.Git;
using LinqSecretScan.Sources.Git.Managed;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>The staged diff narrowed by the index's cache-tree (StagedPathspec) must be the full diff, change for
/// change, in every shape of change git can stage; and the index reader must refuse what it does not know.</summary>
public sealed class StagedPathspecTests
{
    private static readonly string[] Dirs = ["", "a/", "a/b/", "a/b/c/", "d/", "d/e/", "f/g/h/i/"];

    /// <summary>24 seeds here; 300 were run once when this was written (and a version that trusted the cache-tree
    /// without comparing it with HEAD failed 34 of them).</summary>
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomChanges_NarrowedDiff_IsTheFullDiff(int seed)
    {
        var random = new Random(seed);
        using var repo = new TempGitRepo();
        var files = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            string path = $"{Dirs[random.Next(Dirs.Length)]}file{i}.txt";
            repo.Write(path, Content(random, i));
            files.Add(path);
        }

        repo.StageAll();
        repo.Commit("base");
        if (seed % 3 == 0)
        {
            // a commit taken back with reset --soft: the index keeps its valid cache-tree, which is no longer HEAD's
            string edited = files[random.Next(files.Count)];
            repo.Write(edited, "taken back\n").Stage(edited);
            repo.Commit("taken back");
            repo.GitOk("reset", "-q", "--soft", "HEAD~1");
        }

        if (seed % 2 == 0)
        {
            repo.GitOk("update-index", "--index-version", "4");
        }

        int operations = 1 + random.Next(6);
        for (int op = 0; op < operations; op++)
        {
            try
            {
                Apply(repo, random, files, op);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // the tree's current shape does not allow this one (a directory became a file): whatever it left
                // staged is still an index the two diffs must agree on
            }
        }

        var (full, narrowed, candidates) = BothDiffs(repo);

        Assert.NotNull(candidates);
        Assert.Equal(full, narrowed);
    }

    [Fact]
    public void OneStagedFile_NamesOnlyThatPath_AndTheSameChange()
    {
        using var repo = new TempGitRepo();
        foreach (string dir in Dirs)
        {
            repo.Write(dir + "one.txt", "one " + dir).Write(dir + "two.txt", "two " + dir);
        }

        repo.StageAll();
        repo.Commit("base");
        repo.Write("a/b/c/one.txt", "changed").Stage("a/b/c/one.txt");

        AssertNarrowedToTheOneChange(repo, "a/b/c/one.txt");
    }

    [Fact]
    public void ResetSoft_TheCacheTreeIsValidButNotHeads_AndTheChangeIsStillFound()
    {
        using var repo = new TempGitRepo();
        repo.Write("a/b/c/deep.txt", "before").Write("d/other.txt", "other").StageAll();
        repo.Commit("base");
        repo.Write("a/b/c/deep.txt", "after").StageAll();
        repo.Commit("next");
        repo.GitOk("reset", "-q", "--soft", "HEAD~1");

        AssertNarrowedToTheOneChange(repo, "a/b/c/deep.txt");
    }

    [Fact]
    public void MissingTreeBelowAnUnchangedDirectory_IsNotRead_AsGitDoesNotReadIt()
    {
        using var repo = new TempGitRepo();
        repo.Write("d/e/deep.txt", "deep\n").Write("d/top.txt", "top\n").StageAll();
        repo.Commit();
        string deeper = repo.Git("rev-parse", "HEAD:d/e").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{deeper[..2]}/{deeper[2..]}"));
        repo.Write("b.txt", "b\n").Stage("b.txt");

        var scan = Scanner.Run(repo.Root, "staged");

        Assert.Equal(0, scan.ExitCode); // b.txt is all the commit adds; d/ is HEAD's d/, by id
        Assert.Equal(0, repo.Git("commit", "-q", "--no-verify", "-m", "git commits it too").ExitCode);
    }

    [Fact]
    public void NothingStaged_NoCandidates()
    {
        using var repo = new TempGitRepo();
        repo.Write("a/one.txt", "one").StageAll();
        repo.Commit("base");

        var (full, _, candidates) = BothDiffs(repo);

        Assert.Empty(full);
        Assert.NotNull(candidates);
        Assert.Empty(candidates);
    }

    [Fact]
    public void RenameAcrossDirectories_AndDirectoryReplacedByFile_MatchTheFullDiff()
    {
        using var repo = new TempGitRepo();
        repo.Write("old/dir/moved.txt", string.Join('\n', Enumerable.Range(0, 50).Select(i => $"line {i}")))
            .Write("x/inner.txt", "inner")
            .Write("keep/k.txt", "k")
            .StageAll();
        repo.Commit("base");
        Directory.CreateDirectory(repo.PathOf("new/place"));
        repo.GitOk("mv", "old/dir/moved.txt", "new/place/moved.txt");
        repo.GitOk("rm", "-q", "-r", "x");
        repo.Write("x", "now a file").Stage("x");

        var (full, narrowed, candidates) = BothDiffs(repo);

        Assert.NotNull(candidates);
        Assert.Contains(full, c => c.Status == ChangeKind.Renamed);
        Assert.Equal(full, narrowed);
        Assert.DoesNotContain("keep/k.txt", candidates);
    }

    [Fact]
    public void IndexWithoutCacheTree_StillGivesTheFullDiff()
    {
        using var repo = new TempGitRepo();
        repo.Write("a/one.txt", "one").Write("b/two.txt", "two").StageAll();
        repo.Commit("base");
        File.Delete(repo.PathOf(".git/index"));
        repo.GitOk("read-tree", "--reset", "HEAD"); // rebuilds the index; git stages nothing new
        repo.Write("b/two.txt", "changed").Write("c/three.txt", "new").Stage("b/two.txt", "c/three.txt");

        var (full, narrowed, candidates) = BothDiffs(repo);

        Assert.NotNull(candidates);
        Assert.Equal(full, narrowed);
        Assert.Equal(2, full.Count);
    }

    [Fact]
    public void IntentToAdd_IsRefused()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a").StageAll();
        repo.Commit("base");
        repo.Write("later.txt", "later");
        repo.GitOk("add", "-N", "later.txt");

        Assert.False(IndexFile.TryRead(File.ReadAllBytes(repo.PathOf(".git/index")))!.CanNarrow);
    }

    [Fact]
    public void Conflict_IsRefused()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "base").StageAll();
        repo.Commit("base");
        repo.GitOk("checkout", "-q", "-b", "side");
        repo.Write("a.txt", "side").StageAll();
        repo.Commit("side");
        repo.GitOk("checkout", "-q", "-");
        repo.Write("a.txt", "main").StageAll();
        repo.Commit("main");
        repo.Git("merge", "side"); // conflicts

        Assert.False(IndexFile.TryRead(File.ReadAllBytes(repo.PathOf(".git/index")))!.CanNarrow);
    }

    [Fact]
    public void SplitIndex_IsRefused_AndItsFormatSaysLibGit2SharpCannotReadIt()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a").StageAll();
        repo.Commit("base");
        repo.GitOk("update-index", "--split-index");

        var index = IndexFile.TryRead(File.ReadAllBytes(repo.PathOf(".git/index")))!;

        Assert.False(index.CanNarrow);
        Assert.False(index.LibGit2CanRead);
        Assert.Equal(["link"], index.MandatoryExtensions);
    }

    [Fact]
    public void UnsortedIndex_IsRefused()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a").Write("b.txt", "b").StageAll();
        repo.Commit("base");
        byte[] data = File.ReadAllBytes(repo.PathOf(".git/index"));
        Assert.True(IndexFile.TryRead(data)!.CanNarrow);
        const int Entry = 72; // 62 bytes, a 5-byte name, NUL padding to a multiple of 8
        byte[] first = data[12..(12 + Entry)];
        Array.Copy(data, 12 + Entry, data, 12, Entry);
        first.CopyTo(data, 12 + Entry); // b.txt before a.txt: the walk's contiguous directory ranges would break

        Assert.False(IndexFile.TryRead(data)!.CanNarrow);
    }

    [Fact]
    public void DamagedIndexBytes_NeverThrow()
    {
        using var repo = new TempGitRepo();
        for (int i = 0; i < 20; i++)
        {
            repo.Write($"d{i % 4}/f{i}.txt", $"content {i}");
        }

        repo.StageAll();
        repo.Commit("base");
        repo.Write("d1/f1.txt", "changed").Stage("d1/f1.txt");
        byte[] original = File.ReadAllBytes(repo.PathOf(".git/index"));
        var random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            byte[] damaged = random.Next(4) == 0 ? original[..random.Next(original.Length)] : (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0 && damaged.Length > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            _ = IndexFile.TryRead(damaged); // null or a parse; never an exception
        }
    }

    [Fact]
    public void StagedScan_FindsATokenDeepInAnUnchangedLookingTree()
    {
        using var repo = new TempGitRepo();
        foreach (string dir in Dirs)
        {
            repo.Write(dir + "ok.txt", "nothing here");
        }

        repo.StageAll();
        repo.Commit("base");
        string token = new TestSecrets().LinqToken();
        repo.Write("f/g/h/i/settings.txt", $"LINQ_API_KEY={token}\n").Stage("f/g/h/i/settings.txt");

        var narrowed = Scanner.Run(repo.Root, "staged", "--format", "json");
        var full = Scanner.Run(repo.Root, new Dictionary<string, string?> { ["LINQ_SECRET_SCAN_FULL_DIFF"] = "1" }, "staged", "--format", "json");

        Assert.Equal(1, narrowed.ExitCode);
        Assert.Contains("f/g/h/i/settings.txt", narrowed.StdOut);
        Assert.Equal(full.StdOut, narrowed.StdOut);
    }

    private static void AssertNarrowedToTheOneChange(TempGitRepo repo, string path)
    {
        var (full, narrowed, candidates) = BothDiffs(repo);

        Assert.Equal([path], candidates);
        Assert.Equal(full, narrowed);
        Assert.Single(full);
    }

    private static (List<Change> Full, List<Change> Narrowed, List<string>? Candidates) BothDiffs(TempGitRepo repo)
    {
        using var repository = new Repository(repo.Root);
        var head = repository.Head.Tip.Tree;
        var full = Changes(repository.Diff.Compare<TreeChanges>(head, DiffTargets.Index, null, null, GitChanges.WithRenames));
        var index = IndexFile.TryRead(File.ReadAllBytes(repo.PathOf(".git/index")));
        Assert.NotNull(index);
        var candidates = index.CanNarrow ? StagedPathspec.Candidates(index, head, repository.ObjectDatabase) : null;
        var narrowed = candidates switch
        {
            null => full,
            [] => [],
            _ => Changes(repository.Diff.Compare<TreeChanges>(head, DiffTargets.Index, candidates, new ExplicitPathsOptions(), GitChanges.WithRenames)),
        };
        return (full, narrowed, candidates);
    }

    private static List<Change> Changes(TreeChanges changes) =>
        [.. changes.Select(c => new Change(c.Status, c.Path, c.OldPath, c.Oid.Sha, c.Mode)).OrderBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Status)];

    private sealed record Change(ChangeKind Status, string Path, string OldPath, string Id, Mode Mode);

    private static string Content(Random random, int i) =>
        string.Join('\n', Enumerable.Range(0, 5 + random.Next(40)).Select(n => $"file {i} line {n} {random.Next(1000)}")) + "\n";

    /// <summary>One change of the kinds git can stage: edit, add (in an old or a new deep directory), delete, rename
    /// (same or other directory), mode change, symlink, a directory replaced by a file and back, add then unstage.</summary>
    private static void Apply(TempGitRepo repo, Random random, List<string> files, int op)
    {
        if (files.Count == 0)
        {
            return;
        }

        string pick = files[random.Next(files.Count)];
        switch (random.Next(9))
        {
            case 0:
                repo.Write(pick, Content(random, op) + "edited\n").Stage(pick);
                break;
            case 1:
                string added = $"{Dirs[random.Next(Dirs.Length)]}added{op}.txt";
                repo.Write(added, Content(random, op)).Stage(added);
                files.Add(added);
                break;
            case 2:
                string deep = $"new{op}/x/y/z/added.txt";
                repo.Write(deep, Content(random, op)).Stage(deep);
                files.Add(deep);
                break;
            case 3:
                repo.GitOk("rm", "-q", "-f", "--", pick);
                files.Remove(pick);
                break;
            case 4:
                string target = $"{Dirs[random.Next(Dirs.Length)]}moved{op}.txt";
                Directory.CreateDirectory(Path.GetDirectoryName(repo.PathOf(target))!);
                repo.GitOk("mv", "-f", pick, target);
                files.Remove(pick);
                files.Add(target);
                break;
            case 5:
                repo.GitOk("update-index", "--chmod=+x", pick);
                break;
            case 6:
                string link = $"{Dirs[random.Next(Dirs.Length)]}link{op}";
                File.CreateSymbolicLink(repo.PathOf(link), "elsewhere");
                repo.Stage(link);
                break;
            case 7:
                string dir = Path.GetDirectoryName(pick)!.Replace('\\', '/');
                if (dir.Length > 0 && !files.Contains(dir))
                {
                    repo.GitOk("rm", "-q", "-r", "-f", "--", dir);
                    files.RemoveAll(f => f.StartsWith(dir + "/", StringComparison.Ordinal));
                    repo.Write(dir, "a file where a directory was").Stage(dir);
                    files.Add(dir);
                }

                break;
            default:
                string unstaged = $"{Dirs[random.Next(Dirs.Length)]}unstaged{op}.txt";
                repo.Write(unstaged, "x").Stage(unstaged);
                repo.GitOk("rm", "-q", "--cached", "--", unstaged);
                break;
        }
    }
}
