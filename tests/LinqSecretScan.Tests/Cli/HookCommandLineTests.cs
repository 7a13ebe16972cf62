using LinqSecretScan.Cli;

namespace LinqSecretScan.Tests.Cli;

/// <summary>The hook's command line skips the strict parser and CommandLineParser (HookCommandLine); it must build
/// exactly the options they would, and leave everything else to them. CommandLineGrammarTests holds it to the same
/// on generated lines.</summary>
public sealed class HookCommandLineTests
{
    private static readonly string[] Switches = ["--quiet", "--no-color", "--show-secrets", "--verify", "--report-unused-ignores"];

    public static TheoryData<string[]> AcceptedCommandLines()
    {
        var lines = new List<string[]>();
        for (int mask = 0; mask < 1 << Switches.Length; mask++)
        {
            var chosen = Switches.Where((_, i) => (mask & (1 << i)) != 0).ToList();
            lines.Add(["staged", .. chosen]);
            chosen.Reverse();
            lines.Add(["staged", .. chosen.Select(s => s == "--quiet" ? "-q" : s)]);
        }

        var data = new TheoryData<string[]>();
        foreach (var line in lines.DistinctBy(l => string.Join(' ', l)))
        {
            data.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AcceptedCommandLines))]
    public void AcceptedCommandLine_BuildsTheOptionsCommandLineParserBuilds(string[] args)
    {
        var fast = HookCommandLine.TryParse(args);
        var expected = Assert.IsType<StagedOptions>(CliApp.ToOptions(StrictCommandLine.Parse(args, CommandSchema.Verbs)));

        Assert.NotNull(fast);
        foreach (var property in typeof(StagedOptions).GetProperties().Where(p => p.GetMethod is { IsStatic: false }))
        {
            Assert.Equal(property.GetValue(expected), property.GetValue(fast));
        }
    }

    [Theory]
    [InlineData]
    [InlineData("commits")]
    [InlineData("Staged")]
    [InlineData("staged", "-q", "-q")]
    [InlineData("staged", "-q", "--quiet")]
    [InlineData("staged", "--verify", "--verify")]
    [InlineData("staged", "--format", "json")]
    [InlineData("staged", "-C", "repo")]
    [InlineData("staged", "-qC", "repo")]
    [InlineData("staged", "--quiet=true")]
    [InlineData("staged", "--help")]
    [InlineData("staged", "--version")]
    [InlineData("staged", "--")]
    [InlineData("staged", "extra")]
    [InlineData("staged", "")]
    public void AnythingElse_IsLeftToTheStrictParser(params string[] args)
    {
        Assert.Null(HookCommandLine.TryParse(args));
    }

    [Fact]
    public void RepeatedSwitch_IsRefusedByTheStrictParser()
    {
        using var repo = new Fixtures.TempGitRepo();

        var result = Fixtures.Scanner.Run(repo.Root, "staged", "-q", "--quiet");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("option --quiet is given twice", result.StdErr);
    }
}
