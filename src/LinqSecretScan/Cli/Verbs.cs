using CommandLine;
using CommandLine.Text;

namespace LinqSecretScan.Cli;

[Verb("staged", HelpText = "Scan what the next commit adds: the index against HEAD (the pre-commit hook runs this).")]
internal sealed class StagedOptions : ScanOptions
{
    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Scan the staged changes of the repository you are in", new StagedOptions()),
        new("Machine-readable output", new StagedOptions { Format = "json" }),
    ];
}

[Verb("install", HelpText = "Install the pre-commit hook in the repository (honours core.hooksPath; an existing hook is kept and chained).")]
internal sealed class InstallOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: the current directory).")]
    public string? Repo { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Install the hook in the repository you are in", new InstallOptions()),
        new("Install it in another repository", new InstallOptions { Repo = "path/to/repo" }),
    ];
}

[Verb("uninstall", HelpText = "Remove the hook installed by 'install' and restore any hook it chained.")]
internal sealed class UninstallOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: the current directory).")]
    public string? Repo { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Remove the hook from the repository you are in", new UninstallOptions()),
    ];
}
