using CommandLine;
using LinqSecretScan.Cli;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>`linq-secret-scan completion bash|zsh|fish`, run by the real shells.</summary>
public sealed class CompletionTests
{
    private static string Script(string shell)
    {
        string folder = TempDirectories.Create("completion");
        var result = Scanner.Run(folder, "completion", shell);
        Assert.True(result.ExitCode == 0, result.ToString());
        string path = Path.Combine(folder, shell == "zsh" ? "_linq-secret-scan" : "linq-secret-scan." + shell);
        File.WriteAllText(path, result.StdOut);
        return path;
    }

    /// <summary>What bash offers for the command line <paramref name="words"/>, the last word being completed.</summary>
    private static string[] BashCompletes(string script, params string[] words)
    {
        string array = string.Join(' ', words.Select(w => "'" + w + "'"));
        var result = ProcessRunner.Run(
            "bash",
            ["-c", $"source '{script}'; COMP_WORDS=({array}); COMP_CWORD={words.Length - 1}; _linq_secret_scan; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
            Path.GetDirectoryName(script)!);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Bash_AcceptsTheScript_AndCompletesVerbsOptionsAndValues()
    {
        string script = Script("bash");
        string folder = Path.GetDirectoryName(script)!;
        Directory.CreateDirectory(Path.Combine(folder, "some-repo"));

        var syntax = ProcessRunner.Run("bash", ["-n", script], folder);

        Assert.True(syntax.ExitCode == 0, syntax.ToString());
        Assert.Equal(["staged"], BashCompletes(script, "linq-secret-scan", "st"));
        Assert.Equal(["staged", "commits", "history", "dir", "baseline", "install", "uninstall", "completion", "help", "--help", "--version"], BashCompletes(script, "linq-secret-scan", ""));
        Assert.Equal(["--show-secrets"], BashCompletes(script, "linq-secret-scan", "staged", "--sh"));
        Assert.Equal(["text", "json", "sarif"], BashCompletes(script, "linq-secret-scan", "staged", "--format", ""));
        Assert.Equal(["pre-commit", "pre-push"], BashCompletes(script, "linq-secret-scan", "install", "--hook", ""));
        Assert.Equal(["some-repo"], BashCompletes(script, "linq-secret-scan", "install", "-C", "so"));
        Assert.Equal(["zsh"], BashCompletes(script, "linq-secret-scan", "completion", "z"));
        Assert.Equal(["uninstall"], BashCompletes(script, "linq-secret-scan", "help", "un"));
    }

    [SkippableFact]
    public void Zsh_AcceptsTheScript_AndRegistersItForTheCommand()
    {
        RequiredTools.Command("zsh", "zsh");
        string script = Script("zsh");

        var syntax = ProcessRunner.Run("zsh", ["-n", script], Path.GetDirectoryName(script)!);
        var sourced = ProcessRunner.Run(
            "zsh",
            ["-f", "-c", $"autoload -U compinit; compinit -u -D; source '{script}'; print -r -- $_comps[linq-secret-scan]"],
            Path.GetDirectoryName(script)!);

        Assert.True(syntax.ExitCode == 0, syntax.ToString());
        Assert.Equal("_linq-secret-scan", sourced.StdOut.Trim());
    }

    [SkippableFact]
    public void Fish_CompletesVerbsWithDescriptions_OptionsAndValues()
    {
        RequiredTools.Command("fish", "fish");
        string script = Script("fish");

        string[] Completes(string line)
        {
            var result = ProcessRunner.Run("fish", ["--no-config", "-c", $"source '{script}'; complete -C '{line}'"], Path.GetDirectoryName(script)!);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        Assert.Contains(Completes("linq-secret-scan "), c => c.StartsWith("staged\tScan what the next commit adds", StringComparison.Ordinal));
        Assert.Equal(["--format\tReport format: text, json or sarif"], Completes("linq-secret-scan staged --form"));
        Assert.Equal(["json", "sarif", "text"], Completes("linq-secret-scan staged --format ").Select(c => c.Split('\t')[0]));
        Assert.Equal(["bash", "fish", "zsh"], Completes("linq-secret-scan completion ").Select(c => c.Split('\t')[0]));
    }

    [Fact]
    public void UnknownShell_ExitsTwo_WithOneLine()
    {
        var result = Scanner.Run(Path.GetTempPath(), "completion", "powershell");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("linq-secret-scan: no completion for shell 'powershell' (expected bash, zsh, fish) (see 'linq-secret-scan --help')", result.StdErr.Trim());
    }

    /// <summary>Help and completion come from <see cref="CommandSchema"/>; this holds it to the parser: every verb
    /// and option it lists parses, and the parser knows no verb it does not list.</summary>
    [Fact]
    public void Schema_ListsExactlyTheVerbsAndOptionsTheParserAccepts()
    {
        using var parser = new Parser(s => s.HelpWriter = null);
        var types = CliApp.Verbs.Select(v => v.Type).ToArray();

        foreach (var verb in CommandSchema.Verbs)
        {
            foreach (var option in verb.Options.Where(o => o != CommandSchema.Help))
            {
                foreach (string name in option.ShortName is null ? [$"--{option.LongName}"] : new[] { $"-{option.ShortName}", $"--{option.LongName}" })
                {
                    string[] args = [verb.Name, .. verb.Arguments.Select(a => a.Values.Count > 0 ? a.Values[0] : "1"), name, .. option.TakesValue ? [option.Values.Count > 0 ? option.Values[0] : "1"] : Array.Empty<string>()];
                    var errors = parser.ParseArguments(args, types).MapResult(_ => [], e => e.ToList());
                    Assert.True(errors.Count == 0, $"{string.Join(' ', args)}: {string.Join(", ", errors.Select(e => e.Tag))}");
                }
            }
        }

        var unlisted = parser.ParseArguments(["no-such-verb"], types).MapResult(_ => [], e => e.ToList());
        Assert.Contains(unlisted, e => e is BadVerbSelectedError);
        Assert.Equal(types.Length, CommandSchema.Verbs.Count);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public void FormatValuesOfferedByCompletion_AreAcceptedByTheScan(string format)
    {
        Assert.Contains(format, CommandSchema.Verbs.Single(v => v.Name == "staged").Options.Single(o => o.LongName == "format").Values);
        using var repo = new TempGitRepo();

        var result = Scanner.Run(repo.Root, "staged", "--format", format);

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
