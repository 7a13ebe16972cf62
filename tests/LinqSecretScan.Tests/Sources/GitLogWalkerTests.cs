using System.Globalization;
using System.Text;
using LibGit2Sharp;
using LinqSecretScan.Core;
using LinqSecretScan.Sources.Git.Cli;
using LinqSecretScan.Sources.Git.Native;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>The two walkers of a history (issue 17) give the same answer: `git log --raw` in a process of its own
/// (<see cref="GitLogWalker"/>) and the direct libgit2 tree comparison (<see cref="NativeHistoryWalker"/>) list, for
/// every commit, the same (path, blob) pairs, and both list parents first. Seeded random histories made with
/// `git fast-import`: branches, merges of two and three parents (clean, taking either side, or with content of their
/// own), deletes, executable bits, symlinks, submodule entries, a file replaced by a directory and back, the same blob
/// at many paths, and path names with spaces, tabs, newlines, quotes, backslashes and non-ASCII letters.</summary>
public sealed class GitLogWalkerTests
{
    private static readonly string[] Names =
    [
        "a.txt", "src/main.py", "src/lib/util.go", "sp ace/file name.txt", "tab\there.txt", "new\nline.txt", "quote\"d.txt",
        "back\\slash.txt", "uni/ñandú é.txt", "d1/d2/d3/deep.env", "x", "x/inner.txt", "-dash.txt", "\"lead.txt", "config/.env",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void GitLogAndLibgit2_IntroduceTheSamePairs_ParentsFirst(int seed)
    {
        using var repo = Generate(seed, commits: 70);
        var tips = Branches(repo).Values.ToList();

        var native = NativeWalk(repo, tips, []);
        var viaGit = GitLogWalk(repo, tips, []);

        AssertSame(native, viaGit, seed);
        AssertParentsFirst(repo, native.Order);
        AssertParentsFirst(repo, viaGit.Order);
        Assert.Equal(int.Parse(repo.Git("rev-list", "--count", "--branches").StdOut.Trim(), CultureInfo.InvariantCulture), viaGit.Order.Count);
    }

    /// <summary>A round that hides what another reaches (HistorySource's rounds: remote refs, then local ones).</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void GitLogAndLibgit2_AgreeWithHiddenTips(int seed)
    {
        using var repo = Generate(seed, commits: 60);
        var branches = Branches(repo);
        var firstParents = repo.Git("rev-list", "--first-parent", "b1").StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string middle = firstParents[firstParents.Length / 2];
        var shown = new List<ObjectId> { new(middle) };
        var tips = branches.Values.ToList();

        var native = NativeWalk(repo, tips, shown);
        var viaGit = GitLogWalk(repo, tips, shown);

        AssertSame(native, viaGit, seed, minimumPairs: 20);
        var hidden = repo.Git("rev-list", middle).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.DoesNotContain(viaGit.Order, hidden.Contains);
    }

    /// <summary>git that fails mid-walk (a tree it cannot read) is reported, never a walk that silently ends.</summary>
    [Fact]
    public void AMissingTree_IsAFailure_NotAShortWalk()
    {
        using var repo = Generate(21, commits: 20);
        string packDirectory = repo.PathOf(".git/objects/pack");
        foreach (string pack in Directory.GetFiles(packDirectory, "*.pack"))
        {
            // Small imports are written loose already; a pack is unpacked so that one tree can be taken out.
            string moved = Path.Combine(repo.Root, "moved.pack");
            File.Move(pack, moved);
            foreach (string file in Directory.GetFiles(packDirectory))
            {
                File.Delete(file);
            }

            var unpacked = ProcessRunner.Run("sh", ["-c", "git unpack-objects -q < moved.pack"], repo.Root);
            Assert.True(unpacked.ExitCode == 0, unpacked.ToString());
        }

        string tree = repo.Git("rev-parse", "b0~3^{tree}").StdOut.Trim();
        string loose = repo.PathOf($".git/objects/{tree[..2]}/{tree[2..]}");
        File.Delete(loose);
        var walker = new GitLogWalker(new GitCli(repo.Root, Host(repo)));
        using var walk = walker.Walk([Branches(repo)["b0"]], [])!;
        var found = new List<(string Path, ObjectId Blob)>();
        while (walk.Next(found) is not null)
        {
        }

        Assert.NotNull(walk.Failure);
        Assert.Contains(tree[..7], walk.Failure, StringComparison.Ordinal);
    }

    private sealed record Walked(List<string> Order, Dictionary<string, HashSet<(string, string)>> Pairs);

    private static Walked NativeWalk(TempGitRepo repo, List<ObjectId> tips, List<ObjectId> hidden)
    {
        var order = new List<string>();
        var pairs = new Dictionary<string, HashSet<(string, string)>>();
        using var walker = new NativeHistoryWalker(NativeRepository.Open(repo.PathOf(".git"), []));
        using var walk = walker.Walk(tips, hidden);
        var parentTrees = new List<byte[]>();
        var found = new List<(string Path, ObjectId Blob)>();
        var problems = new List<string>();
        while (walk.Next() is { } id)
        {
            found.Clear();
            var tree = walker.TreesOf(id, parentTrees, problems);
            Assert.NotNull(tree);
            walker.Introduced(tree, parentTrees, found, problems);
            string sha = Convert.ToHexStringLower(id);
            order.Add(sha);
            pairs[sha] = found.Select(f => (f.Path, f.Blob.Sha)).ToHashSet();
        }

        Assert.Empty(problems);
        return new Walked(order, pairs);
    }

    private static Walked GitLogWalk(TempGitRepo repo, List<ObjectId> tips, List<ObjectId> hidden)
    {
        var order = new List<string>();
        var pairs = new Dictionary<string, HashSet<(string, string)>>();
        var walker = new GitLogWalker(new GitCli(repo.Root, Host(repo)));
        using var walk = walker.Walk(tips, hidden);
        Assert.NotNull(walk);
        var found = new List<(string Path, ObjectId Blob)>();
        while (walk.Next(found) is { } sha)
        {
            order.Add(sha);
            pairs[sha] = found.Select(f => (f.Path, f.Blob.Sha)).ToHashSet();
        }

        Assert.Null(walk.Failure);
        return new Walked(order, pairs);
    }

    private static void AssertSame(Walked native, Walked viaGit, int seed, int minimumPairs = 50)
    {
        Assert.Equal(native.Pairs.Keys.Order(), viaGit.Pairs.Keys.Order());
        foreach (var (commit, expected) in native.Pairs)
        {
            var actual = viaGit.Pairs[commit];
            Assert.True(expected.SetEquals(actual),
                $"seed {seed}, commit {commit}: libgit2 {Show(expected.Except(actual))} not from git log; git log {Show(actual.Except(expected))} not from libgit2");
        }

        Assert.True(native.Pairs.Values.Sum(p => p.Count) >= minimumPairs, "the generated history introduces too little to compare");
    }

    private static string Show(IEnumerable<(string Path, string Blob)> pairs) =>
        "[" + string.Join(", ", pairs.Select(p => $"{p.Path.Replace("\n", "\\n", StringComparison.Ordinal)}={p.Blob[..7]}")) + "]";

    private static void AssertParentsFirst(TempGitRepo repo, List<string> order)
    {
        var position = order.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        foreach (string line in repo.Git("rev-list", "--parents", "--all").StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var ids = line.Split(' ');
            if (!position.TryGetValue(ids[0], out int at))
            {
                continue;
            }

            foreach (string parent in ids.Skip(1))
            {
                Assert.True(!position.TryGetValue(parent, out int parentAt) || parentAt < at, $"{ids[0]} comes before its parent {parent}");
            }
        }
    }

    private static HostEnvironment Host(TempGitRepo repo) => GitEnvironment.Host(repo.Root);

    private static Dictionary<string, ObjectId> Branches(TempGitRepo repo) =>
        repo.Git("for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => new ObjectId(p[1]));

    /// <summary>A random history of three branches, made with `git fast-import`.</summary>
    private static TempGitRepo Generate(int seed, int commits)
    {
        var random = new Random(seed);
        var repo = new TempGitRepo();
        var script = new StringBuilder();
        int marks = 0;
        var blobs = new List<int>();
        int NewBlob(string content)
        {
            int mark = ++marks;
            script.Append(CultureInfo.InvariantCulture, $"blob\nmark :{mark}\ndata {Encoding.UTF8.GetByteCount(content)}\n{content}\n");
            blobs.Add(mark);
            return mark;
        }

        string[] branchNames = ["b0", "b1", "b2"];
        var state = branchNames.ToDictionary(b => b, _ => new SortedDictionary<string, (string Mode, string Data)>(StringComparer.Ordinal));
        var heads = new Dictionary<string, int>();
        long time = 1_700_000_000;
        for (int c = 0; c < commits; c++)
        {
            string branch = branchNames[c < 3 ? 0 : random.Next(branchNames.Length)];
            var files = state[branch];
            var changes = new List<string>();
            var merged = new List<string>();
            if (!heads.ContainsKey(branch) && c > 0)
            {
                // A new branch starts from b0's head.
                foreach (var (path, entry) in state["b0"])
                {
                    files[path] = entry;
                }

                heads[branch] = heads["b0"];
            }

            bool merge = c > 6 && random.Next(5) == 0;
            if (merge)
            {
                foreach (string other in branchNames.Where(b => b != branch && heads.ContainsKey(b)).OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
                {
                    merged.Add(other);
                    foreach (var (path, entry) in state[other])
                    {
                        int choice = random.Next(3);
                        if ((choice == 0 || !files.ContainsKey(path)) && files.GetValueOrDefault(path) != entry)
                        {
                            Put(files, changes, path, entry);
                        }
                    }
                }
            }

            int operations = merge ? random.Next(0, 2) : random.Next(1, 4);
            for (int o = 0; o < operations; o++)
            {
                string path = Names[random.Next(Names.Length)];
                switch (random.Next(9))
                {
                    case 0 when files.ContainsKey(path):
                        files.Remove(path);
                        changes.Add($"D {Quote(path)}");
                        break;
                    case 1 when files.TryGetValue(path, out var entry) && entry.Mode is "100644" or "100755":
                        Put(files, changes, path, (entry.Mode == "100644" ? "100755" : "100644", entry.Data));
                        break;
                    case 2:
                        Put(files, changes, path, ("120000", ":" + NewBlob("target/" + random.Next(1000))));
                        break;
                    case 3:
                        Put(files, changes, path, ("160000", Convert.ToHexStringLower(RandomBytes(random, 20))));
                        break;
                    case 4 when blobs.Count > 0:
                        Put(files, changes, path, ("100644", ":" + blobs[random.Next(blobs.Count)]));
                        break;
                    default:
                        Put(files, changes, path, (random.Next(4) == 0 ? "100755" : "100644", ":" + NewBlob($"content {seed}-{c}-{o}-{random.Next()}\n")));
                        break;
                }
            }

            script.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\nmark :{++marks}\ncommitter Gen <gen@example.com> {time++} +0000\ndata 3\nc{c % 10}\n");
            if (heads.TryGetValue(branch, out int head))
            {
                script.Append(CultureInfo.InvariantCulture, $"from :{head}\n");
            }

            foreach (string other in merged)
            {
                script.Append(CultureInfo.InvariantCulture, $"merge :{heads[other]}\n");
            }

            foreach (string change in changes)
            {
                script.Append(change).Append('\n');
            }

            script.Append('\n');
            heads[branch] = marks;
        }

        var imported = ProcessRunner.Run("git", ["fast-import", "--quiet"], repo.Root, standardInput: script.ToString(), timeout: TimeSpan.FromMinutes(1));
        Assert.True(imported.ExitCode == 0, imported.ToString());
        return repo;
    }

    /// <summary>Sets a path, first removing a file where a directory of it would go, or a directory where it goes.</summary>
    private static void Put(SortedDictionary<string, (string Mode, string Data)> files, List<string> changes, string path, (string Mode, string Data) entry)
    {
        foreach (string existing in files.Keys.ToList())
        {
            if (path.StartsWith(existing + "/", StringComparison.Ordinal) || existing.StartsWith(path + "/", StringComparison.Ordinal))
            {
                files.Remove(existing);
                changes.Add($"D {Quote(existing)}");
            }
        }

        files[path] = entry;
        changes.Add($"M {entry.Mode} {entry.Data} {Quote(path)}");
    }

    private static string Quote(string path) =>
        "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
