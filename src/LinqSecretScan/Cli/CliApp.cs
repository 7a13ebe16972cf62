using System.Diagnostics.CodeAnalysis;
using CommandLine;
using LinqSecretScan.Completion;
using LinqSecretScan.Core;
using LinqSecretScan.Hooks;
using LinqSecretScan.Rules;
using LinqSecretScan.Server;
using LinqSecretScan.Sources;
using LinqSecretScan.Sources.Files;
using LinqSecretScan.Sources.Git;

namespace LinqSecretScan.Cli;

/// <summary>Parses the command line, runs the verb, and maps every outcome to an exit code. Nothing here writes
/// to Console directly: Program passes the writers in.</summary>
internal static class CliApp
{
    /// <summary>Every verb, in the order help lists them. The parser, help and shell completion all read this list.</summary>
    public static IReadOnlyList<VerbType> Verbs { get; } =
    [
        new(typeof(StagedOptions)),
        new(typeof(CommitsOptions)),
        new(typeof(HistoryOptions)),
        new(typeof(DirOptions)),
        new(typeof(PreCommitOptions)),
        new(typeof(BaselineOptions)),
        new(typeof(PurgeKitOptions)),
        new(typeof(InstallOptions)),
        new(typeof(UninstallOptions)),
        new(typeof(PreReceiveOptions)),
        new(typeof(CompletionOptions)),
    ];

    public static int Run(string[] args, Terminal terminal, HostEnvironment host)
    {
        var stdout = terminal.Out;
        var stderr = terminal.Error;
        try
        {
            if (HookCommandLine.TryParse(args) is { } hookOptions)
            {
                return RunStaged(hookOptions, terminal, host);
            }

            var request = StrictCommandLine.Parse(args, CommandSchema.Verbs);
            switch (request.Action)
            {
                case CommandLineAction.NoCommand:
                    stderr.Write(HelpScreen.ForProgram());
                    return Fail(stderr, $"no command given: use {string.Join(", ", CommandSchema.Verbs.Select(v => v.Name))} (see '{CommandSchema.Program} --help')");
                case CommandLineAction.Help:
                    stdout.Write(request.Verb is null ? HelpScreen.ForProgram() : HelpScreen.ForVerb(request.Verb));
                    return ExitCodes.Clean;
                case CommandLineAction.Version:
                    stdout.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}");
                    return ExitCodes.Clean;
            }

            return ToOptions(request) switch
            {
                StagedOptions o => RunStaged(o, terminal, host),
                CommitsOptions o => RunCommits(o, terminal, host),
                HistoryOptions o => RunHistory(o, terminal, host),
                DirOptions o => RunDir(o, terminal, host),
                PreCommitOptions o => RunPreCommit(o, terminal, host),
                BaselineOptions o => RunBaseline(o, terminal, host),
                PurgeKitOptions o => new PurgeKitCommand(o, terminal, host).Run(),
                InstallOptions o => RunInstall(o, stdout, host),
                UninstallOptions o => RunUninstall(o, stdout, host),
                PreReceiveOptions o => new PreReceiveHook(host, terminal.In, stderr).Run(o.Repo),
                CompletionOptions o => RunCompletion(o, stdout),
                var other => throw new InvalidOperationException($"no command runs {other.GetType().Name}"),
            };
        }
        catch (UsageException ex)
        {
            return Fail(stderr, $"{ex.Message} (see '{CommandSchema.Program}{(ex.Verb is null ? string.Empty : " " + ex.Verb)} --help')");
        }
        catch (ScanException ex)
        {
            return Fail(stderr, ex.Message);
        }
        catch (RuleLoadException ex)
        {
            return Fail(stderr, ex.Message);
        }
    }

    /// <summary>The options object CommandLineParser builds from the canonical form of a line
    /// <see cref="StrictCommandLine"/> accepted. It refusing that form would be a bug here, not bad usage.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(StagedOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CommitsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(HistoryOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(DirOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(PreCommitOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(BaselineOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(PurgeKitOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(InstallOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(UninstallOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ScanOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CheckOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(PreReceiveOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CompletionOptions))]
    internal static object ToOptions(CommandLineRequest request)
    {
        string[] canonical = request.ToParserArguments();
        using var parser = CreateParser();
        return parser.ParseArguments(canonical, [.. Verbs.Select(v => v.Type)]).MapResult(
            options => options,
            errors => throw new InvalidOperationException(
                $"CommandLineParser refused the canonical form of an accepted line, {string.Join(' ', canonical)} ({string.Join(", ", errors.Select(e => e.Tag))})"));
    }

    /// <summary>CommandLineParser as <see cref="ToOptions"/> runs it: help, version and every refusal are
    /// <see cref="StrictCommandLine"/>'s, and everything after `--` is an argument.</summary>
    internal static Parser CreateParser() => new(settings =>
    {
        settings.HelpWriter = null;
        settings.AutoHelp = false;
        settings.AutoVersion = false;
        settings.CaseSensitive = true;
        settings.IgnoreUnknownArguments = false;
        settings.EnableDashDash = true;
    });

    private static int RunStaged(StagedOptions options, Terminal terminal, HostEnvironment host) =>
        new ScanCommand(options, terminal, host).Run("staged", () => StagedSource.Open(GitAccess.Open(host, options.Repo)));

    private static int RunCommits(CommitsOptions options, Terminal terminal, HostEnvironment host)
    {
        var ranges = options.Ranges.ToList();
        int sources = (ranges.Count == 0 ? 0 : 1) + (options.Stdin ? 1 : 0) + (options.PreCommitEnv ? 1 : 0);
        if (sources != 1)
        {
            throw new UsageException("commits needs one of: RANGE (A..B, A...B or a commit; several are fine), --stdin, or --pre-commit-env", "commits");
        }

        if (options.NewOn is not null && ranges.FirstOrDefault(r => r.Contains("..", StringComparison.Ordinal)) is { } range)
        {
            throw new UsageException($"--new-on takes single commits as RANGE, not {StrictCommandLine.Quote(range)}", "commits");
        }

        List<string>? fromStdin = options.Stdin ? ReadRevisions(terminal.In) : null;
        return new ScanCommand(options, terminal, host).Run("commits", () =>
        {
            var access = GitAccess.Open(host, options.Repo);
            try
            {
                var (commits, description) = SelectCommits(access.Repository, options, fromStdin, host);
                return new CommitsSource(access, commits, description);
            }
            catch
            {
                access.Dispose();
                throw;
            }
        });
    }

    private static (IReadOnlyList<LibGit2Sharp.Commit> Commits, string Description) SelectCommits(
        LibGit2Sharp.Repository repository, CommitsOptions options, List<string>? fromStdin, HostEnvironment host)
    {
        if (fromStdin is not null)
        {
            var listed = fromStdin.Select(r => RevisionRange.Peel(repository, r, "standard input")).DistinctBy(c => c.Id).ToList();
            return (listed, $"{listed.Count} commit(s) from standard input");
        }

        if (options.PreCommitEnv)
        {
            return RevisionRange.FromPreCommitEnvironment(repository, host);
        }

        var ranges = options.Ranges.ToList();
        var commits = options.NewOn is { } remote
            ? ranges.SelectMany(r => RevisionRange.NewOnRemote(repository, r, remote))
            : ranges.SelectMany(r => RevisionRange.Resolve(repository, r));
        string names = string.Join(", ", ranges);
        // Several ranges are one report: each commit once, in the order the ranges give them.
        return ([.. commits.DistinctBy(c => c.Id)], options.NewOn is null ? $"commits {names}" : $"commits of {names} not on {options.NewOn}");
    }

    private static List<string> ReadRevisions(TextReader input)
    {
        var revisions = new List<string>();
        while (input.ReadLine() is { } line)
        {
            string revision = line.Trim();
            if (revision.Length > 0 && !revision.StartsWith('#'))
            {
                revisions.Add(revision);
            }
        }

        return revisions;
    }

    private static int RunHistory(HistoryOptions options, Terminal terminal, HostEnvironment host) =>
        new ScanCommand(options, terminal, host).Run("history", () => HistoryOf(GitAccess.Open(host, options.Repo), options.IncludeReflog));

    private static HistorySource HistoryOf(GitAccess access, bool includeReflog = false)
    {
        try
        {
            return new HistorySource(access, includeReflog);
        }
        catch
        {
            access.Dispose();
            throw;
        }
    }

    private static int RunDir(DirOptions options, Terminal terminal, HostEnvironment host)
    {
        string basePath = options.Repo ?? host.WorkingDirectory;
        var paths = options.Paths.DefaultIfEmpty(".").Select(p => Path.Combine(basePath, p)).ToList();
        return new ScanCommand(options, terminal, host).Run("dir", () => DirSource.Open(host, paths));
    }

    /// <summary>The pre-commit framework's hook, given the files to check. git sets GIT_INDEX_FILE for the hooks of a
    /// commit, and pre-commit then passes the staged files: when both hold, this is a commit, and what it adds to those
    /// files is scanned from the index, exactly as `staged` does (new lines only, the work tree never read). Any other
    /// run (`pre-commit run --all-files`, `--files`, `--from-ref`/`--to-ref`, or by hand) passes files that need not
    /// differ from HEAD, so they are scanned whole as they are on disk, as `dir` does: a token committed long ago
    /// still fails `pre-commit run --all-files`.</summary>
    private static int RunPreCommit(PreCommitOptions options, Terminal terminal, HostEnvironment host)
    {
        string basePath = options.Repo ?? host.WorkingDirectory;
        var files = options.Files.Select(f => host.FullPath(Path.Combine(basePath, f))).ToList();
        var location = GitLocation.Find(host, options.Repo);
        if (location.WorkTree is { } workTree && host.Variable("GIT_INDEX_FILE") is not null)
        {
            var staged = StagedSource.Open(GitAccess.For(location, host));
            SelectedPathsSource? commit;
            try
            {
                commit = SelectedPathsSource.WhenAllPresent(staged, [.. files.Select(f => ReportPaths.FromNative(Path.GetRelativePath(workTree, f)))]);
            }
            catch
            {
                staged.Dispose();
                throw;
            }

            if (commit is not null)
            {
                return new ScanCommand(options, terminal, host).Run("staged", () => commit);
            }

            staged.Dispose();
        }

        return new ScanCommand(options, terminal, host).Run("dir", () => DirSource.Open(host, files));
    }

    /// <summary>A baseline is the JSON report of a full audit: the history when there is a repository, the files
    /// otherwise. Secrets stay redacted in it; fingerprints are what --baseline matches.</summary>
    private static int RunBaseline(BaselineOptions options, Terminal terminal, HostEnvironment host)
    {
        return new ScanCommand(options, terminal, host).Run("baseline", () =>
        {
            GitLocation location;
            try
            {
                location = GitLocation.Find(host, options.Repo);
            }
            catch (ScanException)
            {
                return DirSource.Open(host, options.Repo);
            }

            return HistoryOf(GitAccess.For(location, host));
        }, baselineMode: true);
    }

    private static int RunInstall(InstallOptions options, TextWriter stdout, HostEnvironment host)
    {
        if (options.Global)
        {
            CheckGlobal(options.Repo, options.Hook);
            return WriteLines(stdout, GlobalHookInstaller.Install(HookInstaller.CurrentScannerPath(host), host.WorkingDirectory));
        }

        CheckHookName(options.Hook);
        if (CheckHooksDir("install", options.HooksDir, options.Repo, options.Hook, host) is { } folder)
        {
            stdout.WriteLine($"linq-secret-scan: {HookInstaller.InstallInto(folder, HookInstaller.CurrentScannerPath(host), options.Hook)}");
            return ExitCodes.Clean;
        }

        using var access = GitAccess.Open(host, options.Repo);
        stdout.WriteLine($"linq-secret-scan: {HookInstaller.Install(access, HookInstaller.CurrentScannerPath(host), options.Hook)}");
        return ExitCodes.Clean;
    }

    private static int RunUninstall(UninstallOptions options, TextWriter stdout, HostEnvironment host)
    {
        if (options.Global)
        {
            CheckGlobal(options.Repo, options.Hook);
            return WriteLines(stdout, GlobalHookInstaller.Uninstall(host.WorkingDirectory));
        }

        CheckHookName(options.Hook);
        if (CheckHooksDir("uninstall", options.HooksDir, options.Repo, options.Hook, host) is { } folder)
        {
            stdout.WriteLine($"linq-secret-scan: {HookInstaller.UninstallFrom(folder, options.Hook)}");
            return ExitCodes.Clean;
        }

        using var access = GitAccess.Open(host, options.Repo);
        stdout.WriteLine($"linq-secret-scan: {HookInstaller.Uninstall(access, options.Hook)}");
        return ExitCodes.Clean;
    }

    /// <summary>--hooks-dir names a folder of server hooks instead of a repository: for the pre-receive hook only.</summary>
    private static string? CheckHooksDir(string verb, string? hooksDir, string? repo, string hook, HostEnvironment host)
    {
        if (hooksDir is null)
        {
            return null;
        }

        if (hook != "pre-receive")
        {
            throw new UsageException($"--hooks-dir is for the server hook (--hook pre-receive), not --hook {hook}", verb);
        }

        if (repo is not null)
        {
            throw new UsageException("--hooks-dir names the folder to write the hook into; it does not take -C/--repo as well", verb);
        }

        return host.FullPath(hooksDir);
    }

    private static void CheckHookName(string hook)
    {
        if (HookInstaller.Unsupported(hook) is { } reason)
        {
            throw new UsageException(reason);
        }
    }

    /// <summary>The global hooks are the user's, not a repository's, and always scan before a commit.</summary>
    private static void CheckGlobal(string? repo, string hook)
    {
        if (repo is not null)
        {
            throw new UsageException("--global is for every repository of yours; it does not take -C/--repo");
        }

        if (hook != "pre-commit")
        {
            throw new UsageException($"--global installs the pre-commit scan (and runs each repository's own hooks); --hook {hook} does not apply");
        }
    }

    private static int WriteLines(TextWriter stdout, IReadOnlyList<string> lines)
    {
        foreach (string line in lines)
        {
            stdout.WriteLine($"linq-secret-scan: {line}");
        }

        return ExitCodes.Clean;
    }

    private static int RunCompletion(CompletionOptions options, TextWriter stdout)
    {
        if (!CompletionScript.Shells.Contains(options.Shell))
        {
            throw new UsageException($"no completion for shell '{options.Shell}' (expected {string.Join(", ", CompletionScript.Shells)})");
        }

        stdout.Write(CompletionScript.For(options.Shell, CommandSchema.Verbs));
        return ExitCodes.Clean;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"linq-secret-scan: {message}");
        return ExitCodes.Failure;
    }
}
