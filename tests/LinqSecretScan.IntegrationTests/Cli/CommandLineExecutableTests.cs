using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>The command lines issue 12 reported as half-understood (exit 0 while a word was dropped), and their
/// neighbours, run through the real program: the JIT build and the NativeAOT binary (where CommandLineParser runs
/// trimmed). Each is now used whole or refused with exit 2 and one line naming the word.</summary>
[UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
public sealed class CommandLineExecutableTests : IDisposable
{
    private readonly TempGitRepo _repo = new();
    private readonly string _cleanCommit;
    private readonly string _tokenCommit;

    public CommandLineExecutableTests()
    {
        var secrets = new TestSecrets();
        _repo.Write("src/app.py", "import os\nTOKEN = os.environ['LINQ_API_KEY']\n").StageAll();
        _repo.Commit("clean");
        _repo.Write("config/settings.py", $"TOKEN = '{secrets.LinqToken()}'\n").StageAll();
        _tokenCommit = _repo.Commit("token");
        _repo.Write("README", "hello\n").StageAll();
        _cleanCommit = _repo.Commit("clean again");
        Directory.CreateDirectory(_repo.PathOf("-odd-folder"));
        File.WriteAllText(_repo.PathOf("-odd-folder/x.txt"), "nothing\n");
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>Each line, the exit code it must give, and what stdout (exit 0 or 1) or the one stderr line (exit 2)
    /// must hold.</summary>
    private IEnumerable<(string[] Args, int Exit, string Holds)> Table() =>
    [
        (["dir", "src", "config"], 1, "config/settings.py:1:10  linq-api-token"),
        (["dir", "config", "src"], 1, "config/settings.py:1:10  linq-api-token"),
        (["dir", "src"], 0, "no Linq secrets"),
        (["commits", _cleanCommit, _tokenCommit], 1, "config/settings.py:1:10  linq-api-token"),
        (["commits", _cleanCommit], 0, "no Linq secrets"),
        (["staged", "--format"], 2, "option '--format' needs a value, and it is the last word"),
        (["staged", "-o"], 2, "option '-o' needs a value"),
        (["staged", "-C"], 2, "option '-C' needs a value"),
        (["staged", "--config"], 2, "option '--config' needs a value"),
        (["staged", "--baseline"], 2, "option '--baseline' needs a value"),
        (["staged", "--ignore-file"], 2, "option '--ignore-file' needs a value"),
        (["dir", "--format"], 2, "option '--format' needs a value"),
        (["staged", "--format", "--verify"], 2, "the next word '--verify' is an option"),
        (["staged", "extra"], 2, "unexpected argument 'extra': staged takes no arguments"),
        (["install", "extra"], 2, "unexpected argument 'extra': install takes no arguments"),
        (["history", "extra"], 2, "unexpected argument 'extra': history takes no arguments"),
        (["completion", "bash", "zsh"], 2, "unexpected argument 'zsh': completion takes one SHELL"),
        (["help", "bogus"], 2, "unknown command 'bogus'"),
        (["completion"], 2, "completion needs a SHELL: bash, zsh or fish"),
        (["baseline", "--format", "json"], 2, "unknown option '--format' (baseline does not take it"),
        (["staged", "--stdin"], 2, "unknown option '--stdin' (staged does not take it; commits does)"),
        (["staged", "--FORMAT", "json"], 2, "unknown option '--FORMAT' (did you mean '--format'?)"),
        (["Staged"], 2, "unknown command 'Staged' (did you mean 'staged'?)"),
        (["staged", "--verify=false"], 2, "option --verify takes no value (got '--verify=false')"),
        (["staged", "-q", "--quiet"], 2, "option --quiet is given twice"),
        (["staged", "--format="], 2, "option '--format=' has an empty value"),
        (["staged", "-C", ""], 2, "option '-C' has an empty value"),
        (["dir", ""], 2, "empty PATH argument"),
        (["history", "--verify-timeout", "1,5"], 2, "not '1,5'"),
        (["commits", "-3"], 2, "unknown option '-3'"),
        (["--version", "extra"], 2, "unexpected word 'extra' after --version"),
        (["-C", ".", "staged"], 2, "option '-C' comes before the command"),
        (["commits", "--new-on", "origin"], 2, "commits needs one of: RANGE"),
        (["commits", "--new-on", "origin", "HEAD~1..HEAD"], 2, "--new-on takes single commits as RANGE, not 'HEAD~1..HEAD'"),
        (["staged", "-qC", "."], 0, string.Empty),
        (["staged", "--format=json", "-o", "-"], 0, "\"findings\": []"),
        (["history", "--format", "json", "-q"], 1, "\"ruleId\": \"linq-api-token\""),
        (["dir", "--", "-odd-folder"], 0, "no Linq secrets"),
        (["baseline", "--help"], 0, "linq-secret-scan baseline:"),
        (["staged", "-h"], 0, "linq-secret-scan staged:"),
        (["-h"], 0, "Commands:"),
        (["--version"], 0, "linq-secret-scan "),
    ];

    [SkippableTheory]
    [InlineData("jit")]
    [InlineData("aot")]
    public void ReportedLines_AreUsedWholeOrRefusedNamingTheWord(string build)
    {
        string binary = build == "jit" ? Scanner.ExecutablePath : AotBinary();
        var failures = new List<string>();
        foreach (var (args, exit, holds) in Table())
        {
            var result = ProcessRunner.Run(binary, args, _repo.Root);
            string line = string.Join(' ', args.Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
            string[] errorLines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            bool ok = result.ExitCode == exit
                && (exit == 2
                    ? errorLines.Length == 1 && errorLines[0].StartsWith("linq-secret-scan: ", StringComparison.Ordinal) && errorLines[0].Contains(holds, StringComparison.Ordinal) && result.StdOut.Length == 0
                    : result.StdOut.Contains(holds, StringComparison.Ordinal));
            if (!ok)
            {
                failures.Add($"{line}: expected exit {exit} with \"{holds}\", got {result}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [SkippableFact]
    public void Aot_HelpOfEveryVerb_AndTheCompletionScripts_AreTheJitBuilds()
    {
        string aot = AotBinary();
        foreach (string[] args in LinqSecretScan.Cli.CommandSchema.Verbs.Select(v => new[] { v.Name, "-h" }).Concat([["completion", "bash"], ["completion", "zsh"], ["completion", "fish"]]))
        {
            var jit = Scanner.Run(_repo.Root, args);
            var native = ProcessRunner.Run(aot, args, _repo.Root);

            Assert.True(native.ExitCode == 0, native.ToString());
            Assert.Equal(jit.StdOut, native.StdOut);
        }
    }

    private static string AotBinary()
    {
        var (binary, skip) = NativeAotBuild.Get();
        Skip.If(binary is null, skip);
        return binary!;
    }
}
