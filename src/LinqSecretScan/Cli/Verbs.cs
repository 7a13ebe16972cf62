using CommandLine;
using CommandLine.Text;
using LinqSecretScan.Completion;

namespace LinqSecretScan.Cli;

[Verb("staged", HelpText = "Scan what the next commit adds: the index against HEAD (the pre-commit hook runs this).")]
internal sealed class StagedOptions : CheckOptions
{
    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Scan the staged changes of the repository you are in", new StagedOptions()),
        new("Machine-readable output", new StagedOptions { Format = "json" }),
    ];
}

[Verb("commits", HelpText = "Scan what each commit of a revision range added (origin/main..HEAD, A..B, A...B, or one commit).")]
internal sealed class CommitsOptions : CheckOptions
{
    [Value(0, MetaName = "RANGE", Required = false, HelpText = "A..B (commits in B, not in A; an empty side is HEAD), A...B, or a single commit (that commit only). Several are scanned as one report, each commit once.")]
    [Complete(CompletionKind.Revisions)]
    public IEnumerable<string> Ranges { get; set; } = [];

    [Option("stdin", HelpText = "Read commits to scan from standard input, one per line (each scanned on its own), e.g. from git rev-list.")]
    public bool Stdin { get; set; }

    [Option("new-on", MetaValue = "REMOTE", HelpText = "With single commits as RANGE: the commits reachable from them that no ref of REMOTE has (the first push of a branch).")]
    [Complete(CompletionKind.Remotes)]
    public string? NewOn { get; set; }

    [Option("pre-commit-env", HelpText = "Take the range from the pre-commit framework's pre-push variables (PRE_COMMIT_FROM_REF, PRE_COMMIT_TO_REF, PRE_COMMIT_REMOTE_NAME).")]
    public bool PreCommitEnv { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Scan the commits of a pull request as SARIF", new CommitsOptions { Ranges = ["origin/main..HEAD"], Format = "sarif", Output = "linq.sarif" }),
        new("Scan one commit", new CommitsOptions { Ranges = ["HEAD"] }),
        new("Scan a new branch's commits that origin does not have yet", new CommitsOptions { Ranges = ["HEAD"], NewOn = "origin" }),
    ];
}

[Verb("history", HelpText = "Scan every commit reachable from any ref; each blob once, each finding attributed to the commit that introduced it.")]
internal sealed class HistoryOptions : CheckOptions
{
    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Audit a whole repository", new HistoryOptions { Repo = "path/to/repo" }),
    ];
}

[Verb("dir", HelpText = "Scan files on disk, with or without git; in a work tree also report .env files that are tracked or not ignored.")]
internal sealed class DirOptions : CheckOptions
{
    [Value(0, MetaName = "PATH", Required = false, HelpText = "Folders or files to scan (default: the current directory); several are scanned as one report.")]
    [Complete(CompletionKind.Files)]
    public IEnumerable<string> Paths { get; set; } = [];

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Scan the current directory", new DirOptions { Paths = ["."] }),
        new("Scan two folders as one report", new DirOptions { Paths = ["src", "config"] }),
    ];
}

[Verb("pre-commit", HelpText = "What the pre-commit framework runs, with the names of the files to check: during git commit, what the commit adds to them (as staged); in 'pre-commit run --all-files', '--files' or '--from-ref', the files as they are on disk (as dir).")]
internal sealed class PreCommitOptions : CheckOptions
{
    [Value(0, MetaName = "FILE", Required = true, HelpText = "The files to check, relative to -C or the current directory (pre-commit passes them from the repository root).")]
    [Complete(CompletionKind.Files)]
    public IEnumerable<string> Files { get; set; } = [];

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("What .pre-commit-hooks.yaml runs (pre-commit appends the file names)", new PreCommitOptions { Files = ["app.py", "config/settings.json"] }),
    ];
}

[Verb("baseline", HelpText = "Write a baseline: a JSON report of everything a full audit finds (history in a repository, files otherwise), for --baseline.")]
internal sealed class BaselineOptions : ScanOptions
{
    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Record today's findings so that only new ones fail from now on", new BaselineOptions { Output = "linq-baseline.json" }),
    ];
}

[Verb("install", HelpText = "Install the pre-commit hook (or --hook pre-push) in the repository (honours core.hooksPath; an existing hook is kept and chained).")]
internal sealed class InstallOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: the current directory).")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Option("hook", Default = "pre-commit", MetaValue = "HOOK", HelpText = "pre-commit (scan staged changes) or pre-push (scan the commits being pushed).")]
    [CompletionValues("pre-commit", "pre-push")]
    public string Hook { get; set; } = "pre-commit";

    [Option("global", HelpText = "Protect every repository of yours, existing and new: a hooks folder named by the global core.hooksPath scans before each commit, then runs the repository's own hooks.")]
    public bool Global { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Install the pre-commit hook in the repository you are in", new InstallOptions()),
        new("Install the pre-push hook in another repository", new InstallOptions { Repo = "path/to/repo", Hook = "pre-push" }),
        new("Protect every repository of yours", new InstallOptions { Global = true }),
    ];
}

[Verb("uninstall", HelpText = "Remove the hook installed by 'install' and restore any hook it chained.")]
internal sealed class UninstallOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: the current directory).")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Option("hook", Default = "pre-commit", MetaValue = "HOOK", HelpText = "pre-commit or pre-push.")]
    [CompletionValues("pre-commit", "pre-push")]
    public string Hook { get; set; } = "pre-commit";

    [Option("global", HelpText = "Remove the global hooks of 'install --global' and restore the global core.hooksPath set before.")]
    public bool Global { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Remove the pre-commit hook from the repository you are in", new UninstallOptions()),
        new("Remove the global hooks", new UninstallOptions { Global = true }),
    ];
}
