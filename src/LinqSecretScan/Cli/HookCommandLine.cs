namespace LinqSecretScan.Cli;

/// <summary>The pre-commit hook's own command line, <c>staged</c> followed by nothing but plain switches, parsed
/// without CommandLineParser. CommandLineParser builds its model of every option by reflection on each run, which
/// costs about 2 ms of a 15–20 ms hook run in the NativeAOT build (perf, bench/run.sh staged row). Every other
/// command line, including any option that takes a value, a repeated switch, help and version requests, goes to
/// CommandLineParser; CommandLineTests checks that both parsers build the same options for every command line
/// this one accepts.</summary>
internal static class HookCommandLine
{
    public static StagedOptions? TryParse(string[] args)
    {
        if (args.Length == 0 || !string.Equals(args[0], "staged", StringComparison.Ordinal))
        {
            return null;
        }

        var options = new StagedOptions();
        for (int i = 1; i < args.Length; i++)
        {
            bool repeated;
            switch (args[i])
            {
                case "-q" or "--quiet":
                    repeated = options.Quiet;
                    options.Quiet = true;
                    break;
                case "--no-color":
                    repeated = options.NoColor;
                    options.NoColor = true;
                    break;
                case "--show-secrets":
                    repeated = options.ShowSecrets;
                    options.ShowSecrets = true;
                    break;
                case "--verify":
                    repeated = options.Verify;
                    options.Verify = true;
                    break;
                case "--report-unused-ignores":
                    repeated = options.ReportUnusedIgnores;
                    options.ReportUnusedIgnores = true;
                    break;
                default:
                    return null;
            }

            if (repeated)
            {
                return null; // CommandLineParser reports it
            }
        }

        return options;
    }
}
