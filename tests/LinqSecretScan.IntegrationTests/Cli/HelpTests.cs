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
        Skip.If(!OperatingSystem.IsLinux(), "util-linux script(1) runs the scanner on a terminal; Linux only");
        RequiredTools.Command("script", "bsdutils");
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
