using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Reporting;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Cli;

/// <summary>Runs one scan: source → detector → filters → verifier → reporter, and returns the exit code.</summary>
internal sealed class ScanCommand(ScanOptions options, Terminal terminal, HostEnvironment host)
{
    /// <summary>`-o -`: the report goes to standard output, as without -o.</summary>
    private const string StandardOutput = "-";

    public int Run(string mode, Func<IScanSource> openSource, bool baselineMode = false)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var check = options as CheckOptions;
        string format = check?.Format.ToLowerInvariant() ?? "json";
        IReporter reporter = format switch
        {
            "text" => new TextReporter(),
            "json" => new JsonReporter(),
            "sarif" => new SarifReporter(),
            _ => throw new UsageException($"unknown --format {StrictCommandLine.Quote(check!.Format)} (expected text, json or sarif)"),
        };
        var verification = VerificationSetup.FromOptions(options);
        var failurePolicy = FailurePolicy.FromOptions(check?.FailOn, options.Verify);
        bool toFile = options.Output is not null and not StandardOutput;

        var baseline = options.Baseline is null ? null : Baseline.Load(host.FullPath(options.Baseline));
        using var source = openSource();
        var (config, rules, ignoreFile) = ScanInputs.Load(host, source.RootDirectory, options.Config, options.IgnoreFile);

        var outcome = new ScanOutcome();
        var statistics = StatisticsPrinter.Wanted(host) ? new ScanStatistics() : null;
        var progress = new ScanProgress(timePhases: statistics is not null, threadCpuTime: statistics is not null);
        using (new ProgressPrinter(progress, terminal.Error, enabled: !options.Quiet && terminal.ErrorIsTerminal))
        {
            FindingStage.Run(source, new Scanner(new Detector(rules), new ScanSettings(config.IsExcluded, config.MaxFileSize)), outcome, progress, statistics: statistics);
        }

        if (statistics is not null)
        {
            StatisticsPrinter.Print(terminal.Error, host, statistics, progress, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        if (ignoreFile.Count > 0)
        {
            Suppress(outcome, SuppressionReason.IgnoreFile, ignoreFile.Suppresses);
        }

        if (baseline is not null)
        {
            Suppress(outcome, SuppressionReason.Baseline, baseline.Suppresses);
        }

        ExposureMarker.Mark(source, outcome);
        if (options.ReportUnusedIgnores)
        {
            outcome.UnusedIgnores.AddRange(ignoreFile.UnusedEntries);
        }

        if (verification is not null)
        {
            VerificationSetup.Verify(outcome, verification, terminal.Error, options.Quiet);
        }

        var context = new ReportContext(
            mode,
            source.Description,
            options.ShowSecrets,
            format == "text" && ConsoleStyle.UseColor(terminal, host, check?.NoColor ?? true, toFile))
        {
            Rules = RuleDescriptor.For(rules.Rules.Select(r => (r.Id, r.Description)).Append((rules.EnvFile.Id, rules.EnvFile.Description))),
            Root = source.RootDirectory,
        };
        WriteReport(reporter, outcome, context);

        foreach (var warning in outcome.Warnings)
        {
            terminal.Error.WriteLine($"linq-secret-scan: warning: {warning}");
        }

        foreach (var unused in outcome.UnusedIgnores)
        {
            terminal.Error.WriteLine($"linq-secret-scan: unused ignore entry (matched no finding): {unused}");
        }

        foreach (var problem in outcome.Problems)
        {
            terminal.Error.WriteLine($"linq-secret-scan: could not scan: {problem}");
        }

        if (outcome.Problems.Count > 0)
        {
            terminal.Error.WriteLine($"linq-secret-scan: the scan of {source.Description} is incomplete ({outcome.Problems.Count} problem(s)); it is not clean.");
            return ExitCodes.Failure;
        }

        if (!options.Quiet && (format != "text" || toFile))
        {
            terminal.Error.WriteLine($"linq-secret-scan: {outcome.Findings.Count} finding(s) in {source.Description}, {outcome.FilesScanned} file(s) scanned, {outcome.SuppressedTotal} suppressed.");
        }

        if (baselineMode)
        {
            return ExitCodes.Clean;
        }

        bool failing = outcome.Findings.Any(failurePolicy.Fails);
        if (!failing && outcome.Findings.Count > 0)
        {
            terminal.Error.WriteLine($"linq-secret-scan: {outcome.Findings.Count} finding(s) reported, none fails the scan (--fail-on live: every token was rejected by the Linq API as invalid or revoked).");
        }

        return failing ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static void Suppress(ScanOutcome outcome, SuppressionReason reason, Predicate<Finding> suppresses)
    {
        int removed = outcome.Findings.RemoveAll(suppresses);
        if (removed > 0)
        {
            outcome.CountSuppressed(reason, removed);
        }
    }

    private void WriteReport(IReporter reporter, ScanOutcome outcome, ReportContext context)
    {
        if (options.Output is null or StandardOutput)
        {
            reporter.Write(outcome, context, terminal.Out);
            terminal.Out.Flush();
            return;
        }

        try
        {
            using var file = new StreamWriter(host.FullPath(options.Output), append: false, new System.Text.UTF8Encoding(false));
            reporter.Write(outcome, context, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write the report to {options.Output}: {ex.Message}", ex);
        }
    }
}
