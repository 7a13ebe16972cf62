namespace LinqSecretScan.Cli;

/// <summary>The pre-commit hook's own command line, <c>staged</c> followed by nothing but plain switches, parsed
/// without <see cref="StrictCommandLine"/> and CommandLineParser. Those build their model of every option by
/// reflection on each run, which costs about 2 ms of a 15–20 ms hook run in the NativeAOT build (perf, bench/run.sh
/// staged row). Every other command line, including any option that takes a value, a repeated switch, help and
/// version requests, goes to them; HookCommandLineTests and CommandLineGrammarTests check that this parser takes
/// only lines they accept, and builds the same options for them.</summary>
internal static class HookCommandLine
{
    /// <summary>The switches taken here, each with the option it sets (-q and --quiet are one option).</summary>
    private static readonly Dictionary<string, (string Option, Action<StagedOptions> Set)> Switches = new(StringComparer.Ordinal)
    {
        ["-q"] = ("quiet", o => o.Quiet = true),
        ["--quiet"] = ("quiet", o => o.Quiet = true),
        ["--no-color"] = ("no-color", o => o.NoColor = true),
        ["--show-secrets"] = ("show-secrets", o => o.ShowSecrets = true),
        ["--verify"] = ("verify", o => o.Verify = true),
        ["--report-unused-ignores"] = ("report-unused-ignores", o => o.ReportUnusedIgnores = true),
    };

    public static StagedOptions? TryParse(string[] args)
    {
        if (args.Length == 0 || !string.Equals(args[0], "staged", StringComparison.Ordinal))
        {
            return null;
        }

        var options = new StagedOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (string arg in args.AsSpan(1))
        {
            if (!Switches.TryGetValue(arg, out var option) || !given.Add(option.Option))
            {
                return null; // anything else, or a repeated option: the strict parser handles (or refuses) it
            }

            option.Set(options);
        }

        return options;
    }
}
