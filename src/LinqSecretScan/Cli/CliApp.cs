using System.Diagnostics.CodeAnalysis;
using CommandLine;
using LinqSecretScan.Completion;
using LinqSecretScan.Hooks;
using LinqSecretScan.Reporting;
using LinqSecretScan.Rules;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

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
        new(typeof(BaselineOptions)),
        new(typeof(PurgeKitOptions)),
        new(typeof(InstallOptions)),
        new(typeof(UninstallOptions)),
        new(typeof(CompletionOptions)),
    ];

    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(StagedOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CommitsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(HistoryOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(DirOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(BaselineOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(PurgeKitOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(InstallOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(UninstallOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ScanOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CompletionOptions))]
    public static int Run(string[] args, Terminal terminal)
    {
        var stdout = terminal.Out;
        var stderr = terminal.Error;
        try
        {
            if (HookCommandLine.TryParse(args) is { } hookOptions)
            {
                return RunStaged(hookOptions, terminal);
            }

            if (args.Length > 0 && args[0] == "purge-kit")
            {
                PurgeKitCommand.RejectStrayWords(args);
            }

            using var parser = CreateParser();
            var result = parser.ParseArguments(args, [.. Verbs.Select(v => v.Type)]);
            return result.MapResult(
                (StagedOptions o) => RunStaged(o, terminal),
                (CommitsOptions o) => RunCommits(o, terminal),
                (HistoryOptions o) => RunHistory(o, terminal),
                (DirOptions o) => RunDir(o, terminal),
                (BaselineOptions o) => RunBaseline(o, terminal),
                (PurgeKitOptions o) => new PurgeKitCommand(o, terminal).Run(),
                (InstallOptions o) => RunInstall(o, stdout),
                (UninstallOptions o) => RunUninstall(o, stdout),
                (CompletionOptions o) => RunCompletion(o, stdout),
                errors => ReportParseErrors(result, errors.ToList(), stdout, stderr));
        }
        catch (UsageException ex)
        {
            return Fail(stderr, $"{ex.Message} (see 'linq-secret-scan --help')");
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

    internal static Parser CreateParser() => new(settings =>
    {
        settings.HelpWriter = null;
        settings.AutoHelp = true;
        settings.AutoVersion = true;
        settings.CaseSensitive = true;
        settings.IgnoreUnknownArguments = false;
    });

    private static int RunStaged(StagedOptions options, Terminal terminal)
    {
        return new ScanCommand(options, terminal).Run("staged", () =>
        {
            var location = GitRepositoryLocator.Find(options.Repo);
            return StagedSource.Open(location, GitRepositoryOpener.IndexFromEnvironment(location.WorkTree));
        });
    }

    private static int RunCommits(CommitsOptions options, Terminal terminal)
    {
        int sources = (options.Range is null ? 0 : 1) + (options.Stdin ? 1 : 0) + (options.PreCommitEnv ? 1 : 0);
        if (sources != 1)
        {
            throw new UsageException("commits needs one of: a RANGE (A..B, A...B or a commit), --stdin, or --pre-commit-env");
        }

        if (options.NewOn is not null && (options.Range is null || options.Range.Contains("..", StringComparison.Ordinal)))
        {
            throw new UsageException("--new-on takes a single commit as RANGE, not A..B");
        }

        List<string>? fromStdin = options.Stdin ? ReadRevisions(terminal.In) : null;
        return new ScanCommand(options, terminal).Run("commits", () =>
        {
            var location = GitRepositoryLocator.Find(options.Repo);
            var repository = GitRepositoryOpener.Open(location);
            try
            {
                var (commits, description) = SelectCommits(repository, options, fromStdin);
                return new CommitsSource(repository, location, commits, description);
            }
            catch
            {
                repository.Dispose();
                throw;
            }
        });
    }

    private static (IReadOnlyList<LibGit2Sharp.Commit> Commits, string Description) SelectCommits(
        LibGit2Sharp.Repository repository, CommitsOptions options, List<string>? fromStdin)
    {
        if (fromStdin is not null)
        {
            var listed = fromStdin.Select(r => RevisionRange.Peel(repository, r, "standard input")).DistinctBy(c => c.Id).ToList();
            return (listed, $"{listed.Count} commit(s) from standard input");
        }

        if (options.PreCommitEnv)
        {
            return RevisionRange.FromPreCommitEnvironment(repository);
        }

        if (options.NewOn is { } remote)
        {
            return (RevisionRange.NewOnRemote(repository, options.Range!, remote), $"commits of {options.Range} not on {remote}");
        }

        return (RevisionRange.Resolve(repository, options.Range!), $"commits {options.Range}");
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

    private static int RunHistory(HistoryOptions options, Terminal terminal) =>
        new ScanCommand(options, terminal).Run("history", () =>
        {
            var location = GitRepositoryLocator.Find(options.Repo);
            return new HistorySource(GitRepositoryOpener.OpenWithReadableRefs(location), location, options.IncludeReflog);
        });

    private static int RunDir(DirOptions options, Terminal terminal)
    {
        string basePath = options.Repo ?? Directory.GetCurrentDirectory();
        string target = Path.Combine(basePath, options.Path ?? ".");
        return new ScanCommand(options, terminal).Run("dir", () => DirSource.Open(target));
    }

    /// <summary>A baseline is the JSON report of a full audit: the history when there is a repository, the files
    /// otherwise. Secrets stay redacted in it; fingerprints are what --baseline matches.</summary>
    private static int RunBaseline(BaselineOptions options, Terminal terminal)
    {
        if (!string.Equals(options.Format, "text", StringComparison.OrdinalIgnoreCase) && !string.Equals(options.Format, "json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("a baseline is always a JSON report; --format does not apply");
        }

        return new ScanCommand(options, terminal).Run("baseline", () =>
        {
            GitRepositoryLocator.Location location;
            try
            {
                location = GitRepositoryLocator.Find(options.Repo);
            }
            catch (ScanException)
            {
                return DirSource.Open(options.Repo ?? Directory.GetCurrentDirectory());
            }

            return new HistorySource(GitRepositoryOpener.OpenWithReadableRefs(location), location);
        }, baselineMode: true);
    }

    private static int RunInstall(InstallOptions options, TextWriter stdout)
    {
        if (options.Global)
        {
            CheckGlobal(options.Repo, options.Hook);
            return WriteLines(stdout, GlobalHookInstaller.Install(HookInstaller.CurrentScannerPath(), Directory.GetCurrentDirectory()));
        }

        stdout.WriteLine($"linq-secret-scan: {HookInstaller.Install(options.Repo, HookInstaller.CurrentScannerPath(), options.Hook)}");
        return ExitCodes.Clean;
    }

    private static int RunUninstall(UninstallOptions options, TextWriter stdout)
    {
        if (options.Global)
        {
            CheckGlobal(options.Repo, options.Hook);
            return WriteLines(stdout, GlobalHookInstaller.Uninstall(Directory.GetCurrentDirectory()));
        }

        stdout.WriteLine($"linq-secret-scan: {HookInstaller.Uninstall(options.Repo, options.Hook)}");
        return ExitCodes.Clean;
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
        stdout.Write(CompletionScript.For(options.Shell, CommandSchema.Verbs));
        return ExitCodes.Clean;
    }

    private static int ReportParseErrors(ParserResult<object> result, List<Error> errors, TextWriter stdout, TextWriter stderr)
    {
        if (errors.Any(e => e is VersionRequestedError))
        {
            stdout.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}");
            return ExitCodes.Clean;
        }

        if (errors.OfType<HelpVerbRequestedError>().FirstOrDefault() is { } helpVerb)
        {
            stdout.Write(Help(helpVerb.Matched ? helpVerb.Type : null));
            return ExitCodes.Clean;
        }

        if (errors.Any(e => e is HelpRequestedError))
        {
            stdout.Write(Help(result.TypeInfo.Current));
            return ExitCodes.Clean;
        }

        if (errors.Any(e => e is NoVerbSelectedError))
        {
            stderr.Write(HelpScreen.ForProgram());
            return Fail(stderr, $"no command given: use {string.Join(", ", CommandSchema.Verbs.Select(v => v.Name))} (see 'linq-secret-scan --help')");
        }

        return Fail(stderr, $"{Describe(errors[0])} (see 'linq-secret-scan --help')");
    }

    /// <summary>The verb's help for a verb type, the program's for anything else (CommandLineParser's NullInstance).</summary>
    private static string Help(Type? type) =>
        CommandSchema.Verbs.FirstOrDefault(v => v.OptionsType == type) is { } verb ? HelpScreen.ForVerb(verb) : HelpScreen.ForProgram();

    private static string Describe(Error error) => error switch
    {
        UnknownOptionError e => $"unknown option '{(e.Token.Length == 1 ? "-" : "--")}{e.Token}'",
        BadVerbSelectedError e => $"unknown command '{e.Token}'",
        MissingRequiredOptionError e => $"missing required {Name(e.NameInfo)}",
        MissingValueOptionError e => $"option {Name(e.NameInfo)} needs a value",
        BadFormatConversionError e => $"bad value for {Name(e.NameInfo)}",
        RepeatedOptionError e => $"option {Name(e.NameInfo)} given more than once",
        SequenceOutOfRangeError e => $"wrong number of values for {Name(e.NameInfo)}",
        BadFormatTokenError e => $"cannot read argument '{e.Token}'",
        _ => $"bad usage ({error.Tag})",
    };

    private static string Name(NameInfo name) =>
        name.LongName.Length > 0 ? $"--{name.LongName}" : name.ShortName.Length > 0 ? $"-{name.ShortName}" : "argument";

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"linq-secret-scan: {message}");
        return ExitCodes.Failure;
    }
}
