using CommandLine;
using LinqSecretScan.Completion;

namespace LinqSecretScan.Cli;

/// <summary>Options every scanning verb takes, baseline included (the contract's common options and the suppression
/// options).</summary>
internal abstract class ScanOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository to scan (default: the current directory, looked up to the repository root).")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Option('o', "output", MetaValue = "FILE", HelpText = "Write the report to FILE instead of standard output ('-' is standard output).")]
    [Complete(CompletionKind.Files)]
    public string? Output { get; set; }

    [Option("show-secrets", HelpText = "Print whole secrets instead of a redacted prefix.")]
    public bool ShowSecrets { get; set; }

    [Option("verify", HelpText = "Check each Linq API token found with one authenticated request to the Linq API (GET /v3/phone_numbers).")]
    public bool Verify { get; set; }

    [Option("api-base-url", MetaValue = "URL", HelpText = "API root for --verify (default: https://api.linqapp.com/api/partner; https, or http to a loopback address).")]
    public string? ApiBaseUrl { get; set; }

    // No Default = ... on the next two: the parser would then print them in every usage example.
    [Option("verify-timeout", MetaValue = "SECONDS", HelpText = "Longest one verification request may take (default: 5).")]
    public double? VerifyTimeout { get; set; }

    [Option("verify-budget", MetaValue = "SECONDS", HelpText = "Longest the whole verification may take; tokens not answered by then are 'unknown' (default: 20).")]
    public double? VerifyBudget { get; set; }

    [Option("config", MetaValue = "FILE", HelpText = "Config file (default: .linqsecretscan.json at the repository root).")]
    [Complete(CompletionKind.Files)]
    public string? Config { get; set; }

    [Option("ignore-file", MetaValue = "FILE", HelpText = "Fingerprints to ignore (default: .linqsecretscanignore at the repository root).")]
    [Complete(CompletionKind.Files)]
    public string? IgnoreFile { get; set; }

    [Option("baseline", MetaValue = "REPORT", HelpText = "An earlier JSON report (e.g. from 'baseline'); its findings are not reported again.")]
    [Complete(CompletionKind.Files)]
    public string? Baseline { get; set; }

    [Option("report-unused-ignores", HelpText = "List ignore-file entries that matched no finding.")]
    public bool ReportUnusedIgnores { get; set; }

    [Option('q', "quiet", HelpText = "No progress or summary on standard error.")]
    public bool Quiet { get; set; }
}

/// <summary>Options of the verbs that check and fail on findings (all scanning verbs but baseline): how the
/// report looks and which findings fail the scan.</summary>
internal abstract class CheckOptions : ScanOptions
{
    [Option("format", Default = "text", MetaValue = "FORMAT", HelpText = "Report format: text, json or sarif.")]
    [CompletionValues("text", "json", "sarif")]
    public string Format { get; set; } = "text";

    [Option("fail-on", MetaValue = "WHEN", HelpText = "any (default): every finding fails the scan; live (needs --verify): tokens the Linq API rejected as invalid do not.")]
    [CompletionValues("any", "live")]
    public string? FailOn { get; set; }

    [Option("no-color", HelpText = "No colours in text output (NO_COLOR is honoured too).")]
    public bool NoColor { get; set; }
}
