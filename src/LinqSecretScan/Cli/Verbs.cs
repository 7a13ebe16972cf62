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
    [Option("include-reflog", HelpText = "Also scan what only reflogs reach: every stash entry, and commits left behind by a reset, an amend or a rebase.")]
    public bool IncludeReflog { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Audit a whole repository", new HistoryOptions { Repo = "path/to/repo" }),
        new("Also look in stash entries and commits only the reflog still has", new HistoryOptions { IncludeReflog = true }),
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

[Verb("purge-kit", HelpText = "Write a purge kit for the secrets in the history: replacements.txt and paths.txt for git filter-repo, and PLAN.md with the steps (rotate first).")]
internal sealed class PurgeKitOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository to purge (default: the current directory, looked up to the repository root).")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Option('o', "output", MetaValue = "DIR", HelpText = "Required: a new or empty folder for the kit, outside the repository (created with mode 0700; it will hold the secrets).")]
    [Complete(CompletionKind.Directories)]
    public string? Output { get; set; }

    [Option("include-reflog", HelpText = "Also cover what only reflogs reach: every stash entry, and commits left behind by a reset, an amend or a rebase.")]
    public bool IncludeReflog { get; set; }

    [Option("verify", HelpText = "Check each Linq API token found with one request to the Linq API; the plan then says which are live and how many phone numbers each reaches.")]
    public bool Verify { get; set; }

    [Option("api-base-url", MetaValue = "URL", HelpText = "API root for --verify (default: https://api.linqapp.com/api/partner; https, or http to a loopback address).")]
    public string? ApiBaseUrl { get; set; }

    [Option("verify-timeout", MetaValue = "SECONDS", HelpText = "Longest one verification request may take (default: 5).")]
    public double? VerifyTimeout { get; set; }

    [Option("verify-budget", MetaValue = "SECONDS", HelpText = "Longest the whole verification may take (default: 20).")]
    public double? VerifyBudget { get; set; }

    [Option("config", MetaValue = "FILE", HelpText = "Config file (default: .linqsecretscan.json at the repository root).")]
    [Complete(CompletionKind.Files)]
    public string? Config { get; set; }

    [Option("ignore-file", MetaValue = "FILE", HelpText = "Fingerprints of findings that are not secrets (default: .linqsecretscanignore at the repository root).")]
    [Complete(CompletionKind.Files)]
    public string? IgnoreFile { get; set; }

    [Option('q', "quiet", HelpText = "No progress line on standard error.")]
    public bool Quiet { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Write the kit for the repository you are in into a folder beside it", new PurgeKitOptions { Output = "../linq-purge-kit" }),
        new("Also cover the stash and the reflog, and check which tokens are live", new PurgeKitOptions { Repo = "path/to/repo", Output = "/tmp/linq-purge-kit", IncludeReflog = true, Verify = true }),
    ];
}

[Verb("install", HelpText = "Install the pre-commit hook (or --hook pre-push, or a server's --hook pre-receive) in the repository (honours core.hooksPath; an existing hook is kept and chained).")]
internal sealed class InstallOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: the current directory); for pre-receive, the server's bare repository.")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Option("hook", Default = "pre-commit", MetaValue = "HOOK", HelpText = "pre-commit (scan staged changes), pre-push (scan the commits being pushed) or pre-receive (on a git server: refuse pushes that bring secrets).")]
    [CompletionValues("pre-commit", "pre-push", "pre-receive")]
    public string Hook { get; set; } = "pre-commit";

    [Option("hooks-dir", MetaValue = "DIR", HelpText = "With --hook pre-receive: write the hook as DIR/linq-secret-scan, for a folder of hooks a server runs in turn (GitLab's custom_hooks/pre-receive.d).")]
    [Complete(CompletionKind.Directories)]
    public string? HooksDir { get; set; }

    [Option("global", HelpText = "Protect every repository of yours, existing and new: a hooks folder named by the global core.hooksPath scans before each commit, then runs the repository's own hooks.")]
    public bool Global { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Install the pre-commit hook in the repository you are in", new InstallOptions()),
        new("Install the pre-push hook in another repository", new InstallOptions { Repo = "path/to/repo", Hook = "pre-push" }),
        new("Protect a bare repository on a git server", new InstallOptions { Repo = "/srv/git/project.git", Hook = "pre-receive" }),
        new("Protect every repository of yours", new InstallOptions { Global = true }),
    ];
}

[Verb("uninstall", HelpText = "Remove the hook installed by 'install' and restore any hook it chained.")]
internal sealed class UninstallOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: the current directory).")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Option("hook", Default = "pre-commit", MetaValue = "HOOK", HelpText = "pre-commit, pre-push or pre-receive.")]
    [CompletionValues("pre-commit", "pre-push", "pre-receive")]
    public string Hook { get; set; } = "pre-commit";

    [Option("hooks-dir", MetaValue = "DIR", HelpText = "With --hook pre-receive: remove DIR/linq-secret-scan written by 'install --hooks-dir'.")]
    [Complete(CompletionKind.Directories)]
    public string? HooksDir { get; set; }

    [Option("global", HelpText = "Remove the global hooks of 'install --global' and restore the global core.hooksPath set before.")]
    public bool Global { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("Remove the pre-commit hook from the repository you are in", new UninstallOptions()),
        new("Remove the global hooks", new UninstallOptions { Global = true }),
    ];
}

[Verb("pre-receive", HelpText = "Run as a git server's pre-receive hook (the hook 'install --hook pre-receive' writes runs this): read git's '<old> <new> <ref>' lines on standard input, scan the commits the push brings, exit 0 to accept it, 1 to refuse it for findings, 2 when the scan cannot decide. Policy: git config linqsecretscan.*.")]
internal sealed class PreReceiveOptions
{
    [Option('C', "repo", MetaValue = "PATH", HelpText = "Repository (default: GIT_DIR, which git sets for its hooks, or the current directory).")]
    [Complete(CompletionKind.Directories)]
    public string? Repo { get; set; }

    [Usage(ApplicationAlias = "linq-secret-scan")]
    public static IEnumerable<Example> Examples =>
    [
        new("What the hook runs, in the server's repository, with git's ref updates on standard input", new PreReceiveOptions()),
    ];
}
