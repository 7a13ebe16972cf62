using LinqSecretScan.Cli;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>Help as gitleaks and trufflehog users expect it: usage, examples and every option, per verb; colours
/// only on a terminal.</summary>
public sealed partial class HelpTests
{
    public static TheoryData<string> VerbNames() => [.. CommandSchema.Verbs.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(VerbNames))]
    public void VerbHelp_ShowsUsageExamplesAndEveryOption_AndIsWhatHelpVerbShows(string verb)
    {
        var help = Scanner.Run(Path.GetTempPath(), verb, "--help");
        var viaHelpVerb = Scanner.Run(Path.GetTempPath(), "help", verb);

        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith($"linq-secret-scan {verb}: ", help.StdOut);
        Assert.Contains($"Usage:\n  linq-secret-scan {verb}", help.StdOut);
        Assert.Contains($"Examples:\n  # ", help.StdOut);
        foreach (var option in CommandSchema.Verbs.Single(v => v.Name == verb).Options)
        {
            Assert.Contains($"--{option.LongName}", help.StdOut);
        }

        Assert.Equal(help.StdOut, viaHelpVerb.StdOut);
    }

    [Theory]
    [MemberData(nameof(VerbNames))]
    public void DashH_AndDashDashHelp_AnywhereOnAValidLine_PrintTheVerbsHelp_AndExitZero(string verb)
    {
        var help = Scanner.Run(Path.GetTempPath(), verb, "--help");
        var shortHelp = Scanner.Run(Path.GetTempPath(), verb, "-h");
        var helpFirst = Scanner.Run(Path.GetTempPath(), "-h", verb);
        var afterAnOption = Scanner.Run(Path.GetTempPath(), verb == "completion" ? ["completion", "bash", "-h"] : [verb, "-C", ".", "--help"]);

        Assert.Equal(0, help.ExitCode);
        foreach (var result in new[] { shortHelp, helpFirst, afterAnOption })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(help.StdOut, result.StdOut);
        }
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("help")]
    public void ProgramHelp_AnswersEveryWayOfAskingForIt(string asked)
    {
        var result = Scanner.Run(Path.GetTempPath(), asked);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("linq-secret-scan ", result.StdOut);
        Assert.Contains("  -h, --help", result.StdOut);
    }

    [Theory]
    [InlineData("help bogus", "unknown command 'bogus'")]
    [InlineData("help Staged", "unknown command 'Staged' (did you mean 'staged'?)")]
    [InlineData("help staged extra", "unexpected word 'extra'")]
    [InlineData("help --format", "unknown option '--format'")]
    [InlineData("staged --bogus --help", "unknown option '--bogus'")]
    [InlineData("staged extra -h", "unexpected argument 'extra'")]
    [InlineData("--help bogus", "unknown command 'bogus'")]
    public void HelpFor_SomethingUnknown_IsExitTwo_WithOneLine(string line, string message)
    {
        var result = Scanner.Run(Path.GetTempPath(), line.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StdOut);
        Assert.Contains(message, Assert.Single(result.StdErr.Trim().Split('\n')));
    }

    [Fact]
    public void BaselineHelp_ListsNeitherFormatNorFailOnNorNoColor_ItWouldNotHonourThem()
    {
        var help = Scanner.Run(Path.GetTempPath(), "baseline", "--help");
        var format = Scanner.Run(Path.GetTempPath(), "baseline", "--format", "json");

        Assert.DoesNotContain("--format", help.StdOut);
        Assert.DoesNotContain("--fail-on", help.StdOut);
        Assert.DoesNotContain("--no-color", help.StdOut);
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("unknown option '--format' (baseline does not take it", format.StdErr);
    }

    /// <summary>Each verb takes every option its help lists: run with each (and a valid value) in a small repository,
    /// none is refused as bad usage, which is what `baseline --format json` used to be.</summary>
    [Theory]
    [MemberData(nameof(VerbNames))]
    public void EveryOptionAVerbsHelpLists_IsTakenByThatVerb(string verbName)
    {
        using var repo = new TempGitRepo();
        repo.Write("app.py", "x = 1\n").StageAll();
        repo.Commit();
        repo.GitOk("remote", "add", "origin", repo.Root);
        string folder = TempDirectories.Create("options");
        string config = Path.Combine(folder, "config.json");
        string ignore = Path.Combine(folder, "ignore");
        string baseline = Path.Combine(folder, "baseline.json");
        File.WriteAllText(config, "{}");
        File.WriteAllText(ignore, "# none\n");
        Assert.Equal(0, Run(["baseline", "-C", repo.Root, "-o", baseline]).Exit);
        var verb = CommandSchema.Verbs.Single(v => v.Name == verbName);
        string[] arguments = verbName switch
        {
            "commits" => ["HEAD"],
            "pre-commit" => [repo.PathOf("app.py")],
            "completion" => ["bash"],
            _ => [],
        };

        foreach (var option in verb.Options.Where(o => o != CommandSchema.Help))
        {
            string? value = option.LongName switch
            {
                "repo" => repo.Root,
                "output" => Path.Combine(folder, "out-" + verbName),
                "config" => config,
                "ignore-file" => ignore,
                "baseline" => baseline,
                "api-base-url" => "http://127.0.0.1:9",
                "format" => "json",
                "fail-on" => "any",
                "new-on" => "origin",
                "hook" => "pre-push",
                _ when option.IsNumber => "5",
                _ => null,
            };
            Assert.True(option.TakesValue == (value is not null), $"no test value for {option.Display}");
            if (option.LongName == "global")
            {
                // The user's global git config, so in a process of its own with a HOME of its own.
                string home = TempDirectories.Create("home");
                var user = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"), ["GIT_CONFIG_GLOBAL"] = Path.Combine(home, ".gitconfig") };
                var global = Scanner.Run(home, user, verbName, option.Display);
                Assert.True(global.ExitCode == 0, $"{verbName} {option.Display}: {global}");
                continue;
            }

            string[] line = option.LongName switch
            {
                "stdin" => [verbName, option.Display, "-C", repo.Root],
                "pre-commit-env" => [verbName, option.Display, "-C", repo.Root],
                "repo" => [verbName, .. arguments, option.Display, value!],
                _ when verbName is "completion" => [verbName, .. arguments, option.Display, .. value is null ? [] : new[] { value }],
                _ => [verbName, .. arguments, "-C", repo.Root, option.Display, .. value is null ? [] : new[] { value }],
            };

            var (exit, errors) = Run(line, "HEAD\n");

            // Outside a pre-commit pre-push run, --pre-commit-env has no range to read: it says so (exit 2, not usage).
            Assert.True(exit is 0 or 1 || (option.LongName == "pre-commit-env" && errors.Contains("PRE_COMMIT_TO_REF", StringComparison.Ordinal)), $"{string.Join(' ', line)}: exit {exit}, {errors}");
            Assert.DoesNotContain("unknown option", errors);
            Assert.DoesNotContain("does not apply", errors);
        }
    }

    private static (int Exit, string Errors) Run(string[] args, string? input = null)
    {
        var errors = new StringWriter();
        int exit = CliApp.Run(args, Terminal.Redirected(new StringWriter(), errors, new StringReader(input ?? string.Empty)));
        return (exit, errors.ToString());
    }

    [Fact]
    public void ProgramHelp_ListsEveryVerb()
    {
        var help = Scanner.Run(Path.GetTempPath(), "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var verb in CommandSchema.Verbs)
        {
            Assert.Contains($"\n  {verb.Name} ", help.StdOut);
        }
    }

    [Fact]
    public void Examples_LeaveOutDefaultValues()
    {
        var help = Scanner.Run(Path.GetTempPath(), "staged", "--help");

        Assert.Contains("\n  linq-secret-scan staged\n", help.StdOut);
        Assert.DoesNotContain("--format text", help.StdOut);
    }

    [SkippableTheory]
    [InlineData(null, null, true)]
    [InlineData("1", null, false)]
    [InlineData(null, "--no-color", false)]
    public void Colours_OnlyOnATerminal_AndNeitherWithNoColorNorWithTheOption(string? noColor, string? option, bool coloured)
    {
        Skip.If(!OperatingSystem.IsLinux() || Executables.Find("script") is null, "needs util-linux script(1) to run the scanner on a terminal");
        using var repo = new TempGitRepo();
        repo.Write("app.py", new TestSecrets().LinqToken() + "\n").Stage("app.py");
        string command = $"'{Scanner.ExecutablePath}' staged {option}";

        var onTerminal = ProcessRunner.Run("script", ["-qec", command, "/dev/null"], repo.Root, new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = "xterm" });
        var redirected = Scanner.Run(repo.Root, new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm" }, "staged");

        Assert.Equal(1, onTerminal.ExitCode);
        Assert.Contains("app.py:1:1", onTerminal.StdOut);
        Assert.Equal(coloured, Sgr().IsMatch(onTerminal.StdOut));
        Assert.DoesNotMatch(Sgr(), redirected.StdOut);
    }

    /// <summary>A colour (Select Graphic Rendition) sequence. .NET itself writes other escapes to a terminal
    /// (keypad mode, `ESC [ ? 1 h`), which are not colours.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex Sgr();
}
