using CommandLine;

namespace LinqSecretScan.Cli;

/// <summary>Options every scanning verb takes (the contract's common options and the suppression options).</summary>
internal abstract class ScanOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository to scan (default: the current directory, looked up to the repository root).")]
    public string? Repo { get; set; }

    [Option("format", Default = "text", MetaValue = "FORMAT", HelpText = "Report format: text or json.")]
    [CompletionValues("text", "json")]
    public string Format { get; set; } = "text";

    [Option('o', "output", MetaValue = "FILE", HelpText = "Write the report to FILE instead of standard output.")]
    public string? Output { get; set; }

    [Option("show-secrets", HelpText = "Print whole secrets instead of a redacted prefix.")]
    public bool ShowSecrets { get; set; }







    [Option("ignore-file", MetaValue = "FILE", HelpText = "Fingerprints to ignore (default: .linqsecretscanignore at the repository root).")]
    public string? IgnoreFile { get; set; }



    [Option('q', "quiet", HelpText = "No progress or summary on standard error.")]
    public bool Quiet { get; set; }

    [Option("no-color", HelpText = "No colours in text output (NO_COLOR is honoured too).")]
    public bool NoColor { get; set; }
}
