using LinqSecretScan.Cli;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Cli;

/// <summary>What help lists, the verbs take: run in-process (the fast tier), one small repository per verb.</summary>
public sealed class OptionAcceptanceTests
{
    public static TheoryData<string> VerbNames() => [.. CommandSchema.Verbs.Select(v => v.Name)];

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
                "hooks-dir" => Path.Combine(folder, "hooks-" + verbName),
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
                "hooks-dir" => [verbName, "--hook", "pre-receive", option.Display, value!],
                "repo" => [verbName, .. arguments, option.Display, value!],
                _ when verbName is "completion" => [verbName, .. arguments, option.Display, .. value is null ? [] : new[] { value }],
                _ => [verbName, .. arguments, "-C", repo.Root, option.Display, .. value is null ? [] : new[] { value }],
            };

            // The pre-receive verb reads git's ref updates: a new branch at the repository's one commit.
            string input = verbName == "pre-receive" ? $"{new string('0', 40)} {repo.Git("rev-parse", "HEAD").StdOut.Trim()} refs/heads/new\n" : "HEAD\n";
            if (verbName == "purge-kit" && option.LongName != "output")
            {
                // purge-kit always needs a kit folder: a new one for each line.
                line = [.. line, "-o", Path.Combine(folder, "kit-" + option.LongName)];
            }

            var (exit, errors) = Run(line, input);

            // Outside a pre-commit pre-push run, --pre-commit-env has no range to read: it says so (exit 2, not usage).
            Assert.True(exit is 0 or 1 || (option.LongName == "pre-commit-env" && errors.Contains("PRE_COMMIT_TO_REF", StringComparison.Ordinal)), $"{string.Join(' ', line)}: exit {exit}, {errors}");
            Assert.DoesNotContain("unknown option", errors);
            Assert.DoesNotContain("does not apply", errors);
        }
    }

    private static (int Exit, string Errors) Run(string[] args, string? input = null)
    {
        var result = Scanner.RunWithInput(Path.GetTempPath(), input ?? string.Empty, args);
        return (result.ExitCode, result.StdErr);
    }
}
