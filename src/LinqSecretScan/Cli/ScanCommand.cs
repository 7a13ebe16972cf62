using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Reporting;
using LinqSecretScan.Rules;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;
using LinqSecretScan.Verification;

namespace LinqSecretScan.Cli;

/// <summary>Runs one scan: source → detector → filters → verifier → reporter, and returns the exit code.</summary>
internal sealed class ScanCommand(ScanOptions options, TextWriter stdout, TextWriter stderr)
{
    public int Run(string mode, Func<IScanSource> openSource)
    {
        IReporter reporter = options.Format.ToLowerInvariant() switch
        {
            "text" => new TextReporter(),
            "json" => new JsonReporter(),
            _ => throw new UsageException($"unknown --format '{options.Format}' (expected text or json)"),
        };
        var verification = VerificationSetup.FromOptions(options);
        var failurePolicy = FailurePolicy.FromOptions(options);

        using var source = openSource();
        var rules = RuleLoader.BuiltIn;
        string ignorePath = options.IgnoreFile is not null
            ? Path.GetFullPath(options.IgnoreFile)
            : Path.Combine(source.RootDirectory, IgnoreFile.DefaultName);
        var ignoreFile = IgnoreFile.Load(ignorePath, explicitlyNamed: options.IgnoreFile is not null);

        var outcome = new ScanOutcome();
        new Scanner(new Detector(rules)).Scan(source, outcome);
        ApplyIgnoreFile(outcome, ignoreFile);
        if (verification is not null)
        {
            Verify(outcome, verification);
        }

        var context = new ReportContext(
            mode,
            source.Description,
            options.ShowSecrets,
            ConsoleStyle.UseColor(options.NoColor, options.Output is not null) && options.Format == "text");
        WriteReport(reporter, outcome, context);

        foreach (var problem in outcome.Problems)
        {
            stderr.WriteLine($"linq-secret-scan: could not scan: {problem}");
        }

        if (outcome.Problems.Count > 0)
        {
            stderr.WriteLine($"linq-secret-scan: the scan of {source.Description} is incomplete ({outcome.Problems.Count} unreadable); it is not clean.");
            return ExitCodes.Failure;
        }

        if (!options.Quiet && options.Format != "text")
        {
            stderr.WriteLine($"linq-secret-scan: {outcome.Findings.Count} finding(s) in {source.Description}, {outcome.FilesScanned} file(s) scanned, {outcome.SuppressedTotal} suppressed.");
        }

        bool failing = outcome.Findings.Any(failurePolicy.Fails);
        if (!failing && outcome.Findings.Count > 0)
        {
            stderr.WriteLine($"linq-secret-scan: {outcome.Findings.Count} finding(s) reported, none fails the scan (--fail-on live: every token was rejected by the Linq API as invalid or revoked).");
        }

        return failing ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private void Verify(ScanOutcome outcome, VerifierSettings settings)
    {
        var verifier = new LinqTokenVerifier(settings);
        int tokens = LinqTokenVerifier.DistinctTokens(outcome.Findings).Count;
        if (tokens > 0 && !options.Quiet)
        {
            stderr.WriteLine($"linq-secret-scan: verifying {tokens} token(s) with GET {verifier.Endpoint} ...");
        }

        var verified = verifier.Verify(outcome.Findings);
        outcome.Findings.Clear();
        outcome.Findings.AddRange(verified);
    }

    private static void ApplyIgnoreFile(ScanOutcome outcome, IgnoreFile ignoreFile)
    {
        if (ignoreFile.Count == 0)
        {
            return;
        }

        int removed = outcome.Findings.RemoveAll(ignoreFile.Suppresses);
        if (removed > 0)
        {
            outcome.CountSuppressed(SuppressionReason.IgnoreFile, removed);
        }
    }

    private void WriteReport(IReporter reporter, ScanOutcome outcome, ReportContext context)
    {
        if (options.Output is null)
        {
            reporter.Write(outcome, context, stdout);
            stdout.Flush();
            return;
        }

        try
        {
            using var file = new StreamWriter(options.Output, append: false, new System.Text.UTF8Encoding(false));
            reporter.Write(outcome, context, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write the report to {options.Output}: {ex.Message}", ex);
        }
    }
}
