using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Purge;

/// <summary>purge-kit end to end: a repository with Linq tokens in several files and commits, a webhook signing
/// secret, committed .env files, values that look like filter-repo syntax and secrets inside other secrets, some still
/// at HEAD, pushed to a real bare remote; the kit from the real CLI; the real git filter-repo on a fresh mirror clone.
/// Afterwards no object of the clone holds a secret, `history` is clean, and every other byte is what it was.</summary>
public sealed partial class PurgeKitEndToEndTests : IDisposable
{
    private const string Replacement = "LINQ-SECRET-REMOVED";

    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _remote = new(bare: true);
    private readonly TempGitRepo _repo = new();
    private readonly TempGitRepo _outside = new(init: false);
    private readonly List<string> _allSecrets = [];

    public void Dispose()
    {
        _remote.Dispose();
        _repo.Dispose();
        _outside.Dispose();
    }

    /// <summary>Builds the repository and pushes main, feature and the tag; one branch stays local.</summary>
    private void BuildLeakyRepository()
    {
        string appToken = Keep(_secrets.LinqToken());
        string oldToken = Keep(_secrets.LinqToken());
        string featureToken = Keep(_secrets.LinqToken());
        string envToken = Keep(_secrets.LinqToken());
        string webhook = Keep(_secrets.WebhookSecret());
        string inner = Keep(_secrets.Alnum(24));
        string globLike = Keep("glob:" + _secrets.Alnum(10) + inner);
        string literalLike = Keep("literal:" + _secrets.Alnum(28));
        string regexLike = Keep("regex:" + _secrets.Alnum(30));
        string localOnly = Keep(_secrets.LinqToken());

        _repo.GitOk("remote", "add", "origin", _remote.Root);
        _repo.Write("README.md", "# demo\n\nNothing secret here: LINQ_API_KEY is read from the environment.\n")
            .Write("src/app.py", $"import os\n\nclient = Linq(token=\"{appToken}\")\nprint('hello')\n")
            .Write("src/old.js", $"const key = '{oldToken}';\nmodule.exports = key;\n")
            .Write("config/settings.yml", $"linq:\n  LINQ_API_KEY: {globLike}\nother: {inner}x\n")
            .Write("config/inner.ini", $"LINQ_TOKEN={inner}\n")
            .StageAll();
        _repo.Commit("first");

        _repo.Write(".env", $"LINQ_API_KEY={envToken}\nLINQ_WEBHOOK_SECRET={webhook}\nPORT=8080\n");
        _repo.GitOk("add", "-f", ".env");
        _repo.Write("src/webhook.ts", $"const LINQ_WEBHOOK_SECRET = \"{webhook}\";\n").Stage("src/webhook.ts");
        _repo.Commit("second");
        _repo.GitOk("tag", "-a", "v1", "-m", "release one");

        _repo.Write("src/old.js", "module.exports = process.env.LINQ_API_KEY;\n")
            .Write("deploy/.env.production", $"LINQ_TOKEN={regexLike}\n");
        _repo.GitOk("add", "-f", "src/old.js", "deploy/.env.production");
        _repo.Commit($"third: old.js reads the environment now, {oldToken} is gone");
        _repo.Write("config/literal.properties", $"linq.api.key={literalLike}\n").Stage("config/literal.properties");
        _repo.GitOk("rm", "-q", "deploy/.env.production");
        _repo.Commit("fourth");

        _repo.GitOk("checkout", "-q", "-b", "feature");
        _repo.Write("feature.py", $"TOKEN = \"{featureToken}\"\n").Stage("feature.py");
        _repo.Commit("feature");
        _repo.GitOk("push", "-q", "origin", "main", "feature", "--tags");

        _repo.GitOk("checkout", "-q", "-b", "local-only");
        _repo.Write("local.txt", $"LINQ_API_KEY={localOnly}\n").Stage("local.txt");
        _repo.Commit("never pushed");
        _repo.GitOk("checkout", "-q", "main");
    }

    private string Keep(string secret)
    {
        _allSecrets.Add(secret);
        return secret;
    }

    private string RunPurgeKit(out ProcessResult result)
    {
        string kit = Path.Combine(_outside.Root, "kit");
        result = Scanner.Run(_repo.Root, "purge-kit", "-o", kit);
        return kit;
    }

    private string FreshMirror(string name)
    {
        string mirror = Path.Combine(_outside.Root, name);
        _repo.GitOk("clone", "-q", "--mirror", "--no-local", _remote.Root, mirror);
        return mirror;
    }

    [Fact]
    public void PurgeKit_ThenFilterRepoOnAFreshMirror_LeavesNoSecretInAnyObject_AndChangesNothingElse()
    {
        BuildLeakyRepository();

        string kit = RunPurgeKit(out var purgeKit);
        string mirror = FreshMirror("purge.git");
        var filter = GitObjects.FilterRepo(
            mirror,
            "--replace-text", Path.Combine(kit, "replacements.txt"), "--replace-message", Path.Combine(kit, "replacements.txt"),
            "--invert-paths", "--paths-from-file", Path.Combine(kit, "paths.txt"));
        var after = Scanner.Run(mirror, "history");

        Assert.True(purgeKit.ExitCode == 1, purgeKit.ToString());
        AssertNoSecretIn(purgeKit.StdOut + purgeKit.StdErr);
        Assert.Equal(".env\ndeploy/.env.production\n", File.ReadAllText(Path.Combine(kit, "paths.txt")));
        Assert.True(filter.ExitCode == 0, filter.ToString());
        Assert.True(after.ExitCode == 0, after.ToString());
        string objects = GitObjects.AllObjects(mirror);
        foreach (string secret in _allSecrets)
        {
            Assert.DoesNotContain(secret, objects);
        }

        AssertRewrittenContentIsTheOldOneWithTheSecretsReplaced(mirror, removed: [".env", "deploy/.env.production"]);
    }

    /// <summary>Every rewritten commit has exactly the files of the commit it replaces, minus the removed .env files,
    /// each byte the same except that every secret reads LINQ-SECRET-REMOVED; message, author and date unchanged.</summary>
    private void AssertRewrittenContentIsTheOldOneWithTheSecretsReplaced(string mirror, string[] removed)
    {
        var map = GitObjects.CommitMap(mirror);
        Assert.NotEmpty(map);
        var longestFirst = _allSecrets.OrderByDescending(s => s.Length).ToList();
        foreach (var (oldCommit, newCommit) in map)
        {
            var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (path, content) in GitObjects.Files(_remote.Root, oldCommit))
            {
                if (!removed.Contains(path))
                {
                    expected[path] = longestFirst.Aggregate(content, (text, secret) => text.Replace(secret, Replacement, StringComparison.Ordinal));
                }
            }

            Assert.Equal(expected, GitObjects.Files(mirror, newCommit));
            string message = longestFirst.Aggregate(GitObjects.Message(_remote.Root, oldCommit), (text, secret) => text.Replace(secret, Replacement, StringComparison.Ordinal));
            Assert.Equal(message, GitObjects.Message(mirror, newCommit));
        }
    }

    [Fact]
    public void PurgeKit_SecretsInUtf16AndUtf32Files_AreReplacedThroughTheBlobCallback()
    {
        string le = Keep(_secrets.Alnum(32)), be = Keep(_secrets.LinqToken()), utf32 = Keep(_secrets.LinqToken()), plain = Keep(_secrets.LinqToken());
        _repo.GitOk("remote", "add", "origin", _remote.Root);
        _repo.WriteBytes("deploy/env.ps1", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"$env:LINQ_API_KEY = \"{le}\"\r\nWrite-Host done\r\n")])
            .WriteBytes("res/strings.txt", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes($"token {be}\n")])
            .WriteBytes("res/wide.txt", [0xFF, 0xFE, 0x00, 0x00, .. new UTF32Encoding(false, false).GetBytes($"token {utf32}\n")])
            .Write("app.py", $"T = '{plain}'\n")
            .StageAll();
        _repo.Commit("windows files");
        _repo.GitOk("push", "-q", "origin", "main");

        string kit = RunPurgeKit(out var result);
        string mirror = FreshMirror("purge.git");
        string plan = File.ReadAllText(Path.Combine(kit, "PLAN.md"));
        string command = plan.Split('\n').First(l => l.StartsWith("git filter-repo --replace-text", StringComparison.Ordinal));
        var filter = ProcessRunner.Run("sh", ["-e", "-c", command], mirror);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--blob-callback", command);
        Assert.DoesNotContain(le, File.ReadAllText(Path.Combine(kit, "blob-callback.py")));
        Assert.True(filter.ExitCode == 0, filter.ToString());
        Assert.Equal(0, Scanner.Run(mirror, "history").ExitCode);
        byte[] objects = GitObjects.AllObjectBytes(mirror);
        foreach (string secret in _allSecrets)
        {
            foreach (var encoding in (Encoding[])[Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode, new UTF32Encoding(false, false)])
            {
                Assert.True(objects.AsSpan().IndexOf(encoding.GetBytes(secret)) < 0, $"{encoding.WebName} form of a secret is still there");
            }
        }

        Assert.Equal(
            [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"$env:LINQ_API_KEY = \"{Replacement}\"\r\nWrite-Host done\r\n")],
            Convert.FromHexString(ProcessRunner.Run("sh", ["-c", "git cat-file blob HEAD:deploy/env.ps1 | od -An -tx1 -v | tr -d ' \\n'"], mirror).StdOut.Trim()));
    }

    [Fact]
    public void PurgeKit_ReplacementsFile_HasOneLinePerDistinctSecret_LongestFirst_AndFilterRepoSyntaxIsTakenLiterally()
    {
        BuildLeakyRepository();

        string kit = RunPurgeKit(out var result);
        var lines = File.ReadAllLines(Path.Combine(kit, "replacements.txt"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(_allSecrets.Count, lines.Length);
        Assert.All(lines, line => Assert.EndsWith("==>" + Replacement, line));
        var secrets = lines.Select(line => line[..^("==>" + Replacement).Length]).Select(s => s.StartsWith("literal:", StringComparison.Ordinal) ? s["literal:".Length..] : s).ToList();
        Assert.Equal(_allSecrets.Order(StringComparer.Ordinal), secrets.Order(StringComparer.Ordinal));
        Assert.Equal(secrets.Select(s => s.Length).OrderDescending(), secrets.Select(s => s.Length));
        Assert.Contains(lines, l => l.StartsWith("literal:glob:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("literal:literal:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("literal:regex:", StringComparison.Ordinal));
    }

    /// <summary>The plan's shell blocks, run in order exactly as written (POSIX sh, `set -e`): back up, rewrite a fresh
    /// mirror, verify it, force-push, verify the remote, rewrite this clone in place, delete the kit. Afterwards a new
    /// clone of the remote and this clone hold no secret in any object.</summary>
    [Fact]
    public void PlanCommands_RunAsWritten_AndLeaveNoSecretOnTheRemoteOrInThisClone()
    {
        BuildLeakyRepository();
        string kit = RunPurgeKit(out var result);
        Assert.Equal(1, result.ExitCode);
        string plan = File.ReadAllText(Path.Combine(kit, "PLAN.md"));
        var blocks = ShellBlock().Matches(plan).Select(m => m.Groups["body"].Value).ToList();

        Assert.True(blocks.Count >= 7, plan);
        RunPlan(plan);

        Assert.False(Directory.Exists(kit));
        string check = FreshMirror("after.git");
        Assert.Equal(0, Scanner.Run(check, "history").ExitCode);
        string remoteObjects = GitObjects.AllObjects(check);
        string localObjects = GitObjects.AllObjects(_repo.Root);
        foreach (string secret in _allSecrets)
        {
            Assert.DoesNotContain(secret, remoteObjects);
            Assert.DoesNotContain(secret, localObjects);
        }

        Assert.Equal(
            _repo.Git("rev-parse", "refs/remotes/origin/main").StdOut,
            _repo.Git("rev-parse", "refs/heads/main").StdOut);
    }

    [Fact]
    public void PlanCommands_WithNothingPushed_RewriteThisCloneOnly_StashAndReflogIncluded()
    {
        string committed = Keep(_secrets.LinqToken()), stashed = Keep(_secrets.LinqToken()), resetAway = Keep(_secrets.LinqToken());
        _repo.Write("app.py", $"T = '{committed}'\n").Write(".env", "A=1\n");
        _repo.GitOk("add", "-f", ".");
        _repo.Commit("one");
        _repo.Write("app.py", $"T = '{stashed}'\n");
        _repo.GitOk("stash", "push", "-q");
        _repo.Write("app.py", "T = 1\n");
        _repo.GitOk("stash", "push", "-q");
        _repo.Write("gone.py", $"T = '{resetAway}'\n").StageAll();
        _repo.Commit("two");
        _repo.GitOk("reset", "-q", "--hard", "HEAD~1");

        string kit = Path.Combine(_outside.Root, "kit");
        var result = Scanner.Run(_repo.Root, "purge-kit", "-o", kit, "--include-reflog");
        string plan = File.ReadAllText(Path.Combine(kit, "PLAN.md"));
        RunPlan(plan);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("git push", plan);
        Assert.Contains("Nothing was pushed", plan);
        Assert.Equal(0, Scanner.Run(_repo.Root, "history", "--include-reflog").ExitCode);
        string objects = GitObjects.AllObjects(_repo.Root);
        Assert.All(_allSecrets, secret => Assert.DoesNotContain(secret, objects));
        Assert.Empty(_repo.Git("ls-files", ".env").StdOut);
    }

    [Fact]
    public void PlanCommands_ForABareRepository_RewriteItAndPushBackToIt()
    {
        BuildLeakyRepository();
        string kit = Path.Combine(_outside.Root, "kit");

        var result = Scanner.Run(_outside.Root, "purge-kit", "-C", _remote.Root, "-o", kit);
        RunPlan(File.ReadAllText(Path.Combine(kit, "PLAN.md")));

        Assert.Equal(1, result.ExitCode);
        string check = FreshMirror("after.git");
        Assert.Equal(0, Scanner.Run(check, "history").ExitCode);
        string objects = GitObjects.AllObjects(check);
        Assert.All(_allSecrets, secret => Assert.DoesNotContain(secret, objects));
    }

    /// <summary>Runs each ```sh block of a plan in order with `sh -e`, linq-secret-scan on PATH; each must exit 0.</summary>
    private void RunPlan(string plan)
    {
        var path = new Dictionary<string, string?>
        {
            ["PATH"] = Executables.ScannerOnPathFolder() + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        foreach (Match block in ShellBlock().Matches(plan))
        {
            string body = block.Groups["body"].Value;
            var run = ProcessRunner.Run("sh", ["-e", "-c", body], _outside.Root, path, timeout: TimeSpan.FromMinutes(2));
            Assert.True(run.ExitCode == 0, $"{body}\n{run}");
        }
    }

    [Fact]
    public void PurgeKit_OnARepositoryWithNothingToPurge_ExitsZero_AndWritesAnEmptyKit()
    {
        _repo.Write("a.txt", "nothing here\n").StageAll();
        _repo.Commit();

        string kit = RunPurgeKit(out var result);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, File.ReadAllText(Path.Combine(kit, "replacements.txt")));
        Assert.Equal(string.Empty, File.ReadAllText(Path.Combine(kit, "paths.txt")));
        Assert.Contains("Nothing to purge", File.ReadAllText(Path.Combine(kit, "PLAN.md")));
    }

    [Fact]
    public void PurgeKit_NamesWhatWasPushed_AndTheAffectedRefs_InThePlan()
    {
        BuildLeakyRepository();

        string kit = RunPurgeKit(out _);
        string plan = File.ReadAllText(Path.Combine(kit, "PLAN.md"));

        Assert.Contains("**Pushed** (on `origin`)", plan);
        Assert.Contains("| not pushed |", plan);
        Assert.Contains("`refs/heads/local-only`", plan);
        Assert.Contains("`refs/tags/v1`", plan);
        Assert.Matches(@"git push --force \S+ refs/heads/feature refs/heads/main\n", plan);
        Assert.Contains("git push --force --tags ", plan);
        AssertNoSecretIn(plan);
        string[] steps = ["Rotate first", "Take the secrets out of the current code", "Back up `origin`", "Rewrite a fresh mirror clone",
            "Verify the rewritten clone", "Force-push every affected ref", "Verify `origin` itself", "Clean up this clone",
            "What collaborators must do", "Clean up everywhere else"];
        var headings = Regex.Matches(plan, @"^## \d+\. (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(steps.Length, headings.Count);
        Assert.All(steps.Zip(headings), pair => Assert.StartsWith(pair.First, pair.Second));
    }

    private void AssertNoSecretIn(string text)
    {
        foreach (string secret in _allSecrets)
        {
            Assert.DoesNotContain(secret, text);
            string body = secret[(secret.IndexOf('_', StringComparison.Ordinal) + 1)..];
            Assert.DoesNotContain(body[..Math.Min(8, body.Length)], text);
        }
    }

    [GeneratedRegex("```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
