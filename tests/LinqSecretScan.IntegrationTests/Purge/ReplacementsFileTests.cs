using System.Text.RegularExpressions;
using LinqSecretScan.Purge;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Purge;

/// <summary>replacements.txt and paths.txt lines that the real git filter-repo applies literally and exactly, whatever
/// the value holds: filter-repo's own syntax (`regex:`, `glob:`, `literal:`, `==>`), regex metacharacters, '#',
/// secrets inside other secrets, trailing '=' and spaces, non-ASCII. BFG is not packaged for Debian; its parser
/// (TextReplacementConfig: a lazy `(.+?)(?:==>(.*))?`, then the `regex:`/`glob:`/`literal:` prefixes) is followed
/// here to show that it reads the same secret from each line.</summary>
public sealed partial class ReplacementsFileTests
{
    private const string Replacement = "LINQ-SECRET-REMOVED";

    private readonly TestSecrets _secrets = new();

    private List<string> AwkwardSecrets()
    {
        string inner = _secrets.Alnum(20);
        return
        [
            "regex:" + _secrets.Alnum(16) + ".*",
            "glob:*" + _secrets.Alnum(16),
            "literal:" + _secrets.Alnum(16),
            _secrets.Alnum(10) + "==>" + _secrets.Alnum(10),
            _secrets.Alnum(12) + "==>",
            "==>" + _secrets.Alnum(12),
            _secrets.Alnum(12) + "===",
            _secrets.Alnum(8) + "a.b*c+?(x)[y]{z}|^$\\" + _secrets.Alnum(4),
            "#" + _secrets.Alnum(16),
            inner,
            "wrap" + inner + "per",
            "x==>" + inner,
            _secrets.Alnum(16) + " with spaces ",
            "ünïcödé-" + _secrets.Alnum(16),
            _secrets.Alnum(12) + "\t" + _secrets.Alnum(4),
        ];
    }

    [Fact]
    public void FilterRepo_ReplacesEveryAwkwardSecret_LiterallyAndExactly_AndNothingElse()
    {
        var secrets = AwkwardSecrets();
        using var repo = new TempGitRepo();
        string content = string.Join("\n", secrets.Select((s, i) => $"line {i}: <{s}> end")) + "\nplain text with = and ==> and regex: stays\n";
        repo.Write("data.txt", content).StageAll();
        repo.Commit();
        using var outside = new TempGitRepo(init: false);
        string file = Path.Combine(outside.Root, "replacements.txt");
        var (text, written, unwritable) = ReplacementsFile.Build(secrets.Concat(secrets));
        File.WriteAllText(file, text);
        string mirror = Path.Combine(outside.Root, "mirror.git");
        repo.GitOk("clone", "-q", "--mirror", "--no-local", repo.Root, mirror);

        var run = GitObjects.FilterRepo(mirror, "--replace-text", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(secrets.Count, written);
        Assert.Empty(unwritable);
        string expected = secrets.OrderByDescending(s => s.Length).Aggregate(content, (t, s) => t.Replace(s, Replacement, StringComparison.Ordinal));
        Assert.Equal(expected, ProcessRunner.Run("git", ["show", "HEAD:data.txt"], mirror).StdOut);
        Assert.Equal(secrets.Count, Regex.Count(expected, Replacement));
    }

    [Fact]
    public void EveryLine_ReadsBackAsItsSecret_WithBfgsParser()
    {
        var secrets = AwkwardSecrets();
        var lines = ReplacementsFile.Build(secrets).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(secrets.Count, lines.Length);
        foreach (string line in lines)
        {
            var split = BfgLine().Match(line);
            Assert.True(split.Success, line);
            Assert.Equal(Replacement, split.Groups["replacement"].Value);
            string matcher = split.Groups["matcher"].Value;
            var prefixed = BfgPrefix().Match(matcher);
            var pattern = !prefixed.Success ? new Regex(Regex.Escape(matcher))
                : prefixed.Groups["type"].Value == "literal" ? new Regex(Regex.Escape(prefixed.Groups["expr"].Value))
                : prefixed.Groups["type"].Value == "regex" ? new Regex(prefixed.Groups["expr"].Value)
                : throw new Xunit.Sdk.XunitException($"a glob line: {line}");
            var matched = secrets.Where(s => pattern.Match(s) is { Success: true } m && m.Value == s).ToList();
            Assert.True(matched.Count >= 1, line);
        }
    }

    [Fact]
    public void Lines_PutLongerSecretsFirst_AndSecretsInsideARegexLineSecret_AfterIt()
    {
        string inner = _secrets.Alnum(20);
        string outer = "wrap" + inner;
        string arrow = "x==>" + inner;

        var lines = ReplacementsFile.Build([inner, outer, arrow]).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal($"{outer}==>{Replacement}", lines[0]);
        Assert.StartsWith("regex:x\\x3d\\x3d\\x3e", lines[1]);
        Assert.StartsWith("regex:" + inner, lines[2]);
    }

    [Fact]
    public void APlainSecret_IsWrittenAsSecretArrowReplacement()
    {
        string token = _secrets.LinqToken();

        Assert.Equal($"{token}==>{Replacement}\n", ReplacementsFile.Build([token]).Text);
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\u2028b")]
    [InlineData("a\uFFFDb")]
    public void ASecretNoLineCanCarry_IsLeftOut_AndCounted(string secret)
    {
        var (text, written, unwritable) = ReplacementsFile.Build([secret, "ok" + _secrets.Alnum(20)]);

        Assert.Equal(1, written);
        Assert.Equal([secret], unwritable);
        Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public void PathsFile_RemovesOddlyNamedEnvFiles_WithTheRealFilterRepo()
    {
        string[] envFiles = [".env", "#weird.env", "regex:odd.env", "a==>b.env", "dir with space/.env.local", "ünï/.env"];
        using var repo = new TempGitRepo();
        foreach (string path in envFiles)
        {
            repo.Write(path, "A=1\n");
        }

        repo.Write("keep.txt", "kept\n").Write("a.env.example", "A=\n");
        repo.GitOk("add", "-f", ".");
        repo.Commit();
        using var outside = new TempGitRepo(init: false);
        string file = Path.Combine(outside.Root, "paths.txt");
        File.WriteAllText(file, PathsFile.Build(envFiles));
        string mirror = Path.Combine(outside.Root, "mirror.git");
        repo.GitOk("clone", "-q", "--mirror", "--no-local", repo.Root, mirror);

        var run = GitObjects.FilterRepo(mirror, "--invert-paths", "--paths-from-file", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["a.env.example", "keep.txt"], GitObjects.Files(mirror, "HEAD").Keys);
    }

    [GeneratedRegex("^(?<matcher>.+?)(?:==>(?<replacement>.*))?$")]
    private static partial Regex BfgLine();

    [GeneratedRegex("^(?<type>glob|literal|regex):(?<expr>.*)$")]
    private static partial Regex BfgPrefix();
}
