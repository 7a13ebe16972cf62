using System.IO.Compression;
using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>Missing and corrupt objects: every mode exits 2 and names what it could not read, never 0. LibGit2Sharp
/// answers some of these with null instead of an error (a ref whose commit is in a truncated pack); those are the
/// dangerous ones, because a walk from nothing looks clean.</summary>
public sealed class CorruptRepositoryTests
{
    private readonly TestSecrets _secrets = new();

    public static TheoryData<string, string> Damages => new()
    {
        { "deleted blob", "staged" },
        { "deleted blob", "commits" },
        { "deleted blob", "history" },
        { "garbage loose object", "staged" },
        { "garbage loose object", "commits" },
        { "garbage loose object", "history" },
        { "loose object with other content", "staged" },
        { "loose object with other content", "commits" },
        { "loose object with other content", "history" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamagedBlob_ExitsTwo_AndNamesTheBlobAndItsPath(string damage, string mode)
    {
        using var repo = new TempGitRepo();
        repo.Write("base.txt", "base\n").StageAll();
        repo.Commit();
        repo.Write("victim.txt", $"t = {_secrets.LinqToken()}\n").StageAll();
        if (mode != "staged")
        {
            repo.Commit();
        }

        string blob = repo.Git("rev-parse", mode == "staged" ? ":victim.txt" : "HEAD:victim.txt").StdOut.Trim();
        Damage(repo, blob, damage);

        var result = mode == "commits" ? Scanner.Run(repo.Root, "commits", "HEAD") : Scanner.Run(repo.Root, mode);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(blob, result.StdErr);
        Assert.Contains("victim.txt", result.StdErr);
        Assert.DoesNotContain("internal error", result.StdErr);
    }

    /// <summary>Was exit 0 for history: LibGit2Sharp gives null for a ref whose commit sits in the damaged pack, and
    /// a walk from no tips scanned nothing.</summary>
    [Theory]
    [InlineData("history")]
    [InlineData("staged")]
    [InlineData("commits")]
    [InlineData("baseline")]
    public void TruncatedPack_NeverLooksClean_ItExitsTwo(string mode)
    {
        using var repo = new TempGitRepo();
        for (int i = 0; i < 30; i++)
        {
            repo.Write($"f{i}.txt", $"line {i} {_secrets.Alnum(20)}\n");
        }

        repo.Write("secret.txt", $"t = {_secrets.LinqToken()}\n").StageAll();
        repo.Commit();
        repo.GitOk("gc", "-q");
        string pack = Directory.GetFiles(repo.PathOf(".git/objects/pack"), "*.pack").Single();
        File.SetAttributes(pack, FileAttributes.Normal);
        using (var stream = new FileStream(pack, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        repo.Write("new.txt", "new\n");
        repo.Git("add", "new.txt");

        var result = mode == "commits" ? Scanner.Run(repo.Root, "commits", "HEAD") : Scanner.Run(repo.Root, mode);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public void Staged_HeadTreeMissing_ExitsTwo_WithOneLine_NotAnInternalError()
    {
        using var repo = new TempGitRepo();
        repo.Write("d/a.txt", "a\n").StageAll();
        repo.Commit();
        string tree = repo.Git("rev-parse", "HEAD:d").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{tree[..2]}/{tree[2..]}"));
        repo.Write("b.txt", "b\n").Stage("b.txt");

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains("corrupt", line);
        Assert.DoesNotContain("internal error", line);
    }

    [Fact]
    public void Hook_WhenTheRepositoryIsCorrupt_BlocksTheCommit_SaysWhy_AndHowToBypass()
    {
        using var repo = new TempGitRepo();
        Assert.Equal(0, Scanner.Run(repo.Root, "install").ExitCode);
        repo.Write("a.txt", "a\n").Stage("a.txt");
        string blob = repo.Git("rev-parse", ":a.txt").StdOut.Trim();
        File.Delete(repo.PathOf($".git/objects/{blob[..2]}/{blob[2..]}"));

        var result = repo.Git("commit", "-m", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(blob, result.StdErr);
        Assert.Contains("did not complete", result.StdErr);
        Assert.Contains("git commit --no-verify", result.StdErr);
        Assert.NotEqual(0, repo.Git("rev-parse", "--verify", "HEAD").ExitCode);
    }

    private static void Damage(TempGitRepo repo, string blob, string damage)
    {
        string path = repo.PathOf($".git/objects/{blob[..2]}/{blob[2..]}");
        File.SetAttributes(path, FileAttributes.Normal);
        switch (damage)
        {
            case "deleted blob":
                File.Delete(path);
                break;
            case "garbage loose object":
                File.WriteAllText(path, "this is not zlib");
                break;
            default:
                using (var file = File.Create(path))
                using (var zlib = new ZLibStream(file, CompressionLevel.Optimal))
                {
                    zlib.Write(Encoding.ASCII.GetBytes("blob 6\0hello\n"));
                }

                break;
        }
    }
}
