using CommandLine;
using CommandLine.Text;

namespace LinqSecretScan.Cli;

[Verb("completion", HelpText = "Print the shell completion script for bash, zsh or fish.")]
internal sealed class CompletionOptions
{
    [Value(0, MetaName = "SHELL", Required = true, HelpText = "The shell: bash, zsh or fish.")]
    [CompletionValues("bash", "zsh", "fish")]
    public string Shell { get; set; } = string.Empty;

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("bash: load it into this shell with  source <(linq-secret-scan completion bash)", new CompletionOptions { Shell = "bash" }),
        new("zsh: save the output as _linq-secret-scan in a folder on $fpath", new CompletionOptions { Shell = "zsh" }),
        new("fish: save the output as ~/.config/fish/completions/linq-secret-scan.fish", new CompletionOptions { Shell = "fish" }),
    ];
}
