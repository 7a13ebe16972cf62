using LinqSecretScan.Configuration;
using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Purge;
using LinqSecretScan.Rules;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;
using LinqSecretScan.Verification;

namespace LinqSecretScan.Cli;

/// <summary>purge-kit: the history scan (every ref; with --include-reflog the reflogs too), its findings' exposure
/// and, with --verify, their verification, then the kit written into a private folder. The terminal gets counts and
/// file names only, never a secret or a part of one: the secrets go into replacements.txt and nowhere else.</summary>
/// <remarks>Allow comments and the ignore file are honoured (a listed fingerprint is a value someone decided is not a
/// secret); a baseline is not: it records findings that are real but accepted for now, and a purge is exactly for
/// those.</remarks>
internal sealed class PurgeKitCommand(PurgeKitOptions options, Terminal terminal)
{
    public int Run()
    {
        string requested = options.Output ?? throw new UsageException("purge-kit needs --output (-o) DIR: a new or empty folder outside the repository");
        var verification = VerificationSetup.FromValues(options.Verify, options.ApiBaseUrl, options.VerifyTimeout, options.VerifyBudget);
        var location = GitRepositoryLocator.Find(options.Repo);
        using var repository = GitRepositoryOpener.OpenWithReadableRefs(location);
        var layout = CommitReach.Layout(repository);
        KitDirectory.Validate(requested, layout.Folders);

        using var source = new HistorySource(GitRepositoryOpener.OpenWithReadableRefs(location), location, options.IncludeReflog);
        var config = ConfigLoader.Load(
            options.Config is not null ? Path.GetFullPath(options.Config) : Path.Combine(source.RootDirectory, ScanConfig.DefaultName),
            explicitlyNamed: options.Config is not null);
        var builtIn = RuleLoader.BuiltIn;
        var rules = builtIn.WithExtraRules(config.CustomRules).WithEnvFile(builtIn.EnvFile.WithExtraTemplateSuffixes(config.EnvTemplateSuffixes));
        var ignoreFile = IgnoreFile.Load(
            options.IgnoreFile is not null ? Path.GetFullPath(options.IgnoreFile) : Path.Combine(source.RootDirectory, IgnoreFile.DefaultName),
            explicitlyNamed: options.IgnoreFile is not null);

        var outcome = new ScanOutcome();
        var progress = new ScanProgress();
        using (new ProgressPrinter(progress, terminal.Error, enabled: !options.Quiet && terminal.ErrorIsTerminal))
        {
            new Scanner(new Detector(rules), new ScanSettings(config.IsExcluded, config.MaxFileSize)).Scan(source, outcome, progress);
        }

        int ignored = outcome.Findings.RemoveAll(ignoreFile.Suppresses);
        if (ignored > 0)
        {
            outcome.CountSuppressed(SuppressionReason.IgnoreFile, ignored);
        }

        ExposureMarker.Mark(source, outcome);
        if (verification is not null)
        {
            Verify(outcome, verification);
        }

        var findings = outcome.Findings;
        var (replacements, written, unwritable) = ReplacementsFile.Build(findings.Select(f => f.Secret).OfType<string>());
        int outOfReach = findings.Count(f => f is { Secret: { } secret, Commit: { } commit } && CommittedBytes.OutOfReplaceTextsReach(repository, commit, f.Path, secret));
        var facts = new PurgeFacts
        {
            RepositoryPath = layout.Path,
            IsBare = layout.IsBare,
            KitPath = Path.GetFullPath(requested),
            Findings = findings,
            AffectedRefs = findings.Count == 0 ? [] : CommitReach.RefsReaching(repository, findings.Select(f => f.Commit).OfType<string>()),
            Remotes = CommitReach.Remotes(repository),
            IncludeReflog = options.IncludeReflog,
            Verified = verification is not null,
            UnwritableSecrets = unwritable.Count,
            OutOfReplaceTextsReach = outOfReach,
            Problems = outcome.Problems,
        };

        var kit = KitDirectory.Prepare(requested, layout.Folders);
        kit.Write(ReplacementsFile.FileName, replacements);
        int envFiles = findings.Where(f => f.Secret is null).Select(f => f.Path).Distinct(StringComparer.Ordinal).Count();
        kit.Write(PathsFile.FileName, PathsFile.Build(findings.Where(f => f.Secret is null).Select(f => f.Path)));
        if (outOfReach > 0)
        {
            kit.Write(BlobCallback.FileName, BlobCallback.Build(Path.Combine(kit.FullPath, ReplacementsFile.FileName)));
        }

        kit.Write(PurgePlan.FileName, PurgePlan.Build(facts));

        Report(kit, facts, written, envFiles, outcome);
        if (outcome.Problems.Count > 0)
        {
            terminal.Error.WriteLine($"linq-secret-scan: the scan of {source.Description} is incomplete ({outcome.Problems.Count} problem(s)); the kit covers only what could be read.");
            return ExitCodes.Failure;
        }

        return findings.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary>CommandLineParser drops words it cannot place: refuse them before anything is scanned or written.
    /// Every word after the verb must be an option of purge-kit or the value of the option before it.</summary>
    public static void RejectStrayWords(IReadOnlyList<string> args)
    {
        var verb = CommandSchema.Verbs.Single(v => v.OptionsType == typeof(PurgeKitOptions));
        for (int i = 1; i < args.Count; i++)
        {
            string word = args[i];
            if (word == "--")
            {
                if (i + 1 < args.Count)
                {
                    throw new UsageException($"unexpected word '{Program.Sanitize(args[i + 1])}': purge-kit takes no arguments, only options");
                }

                break;
            }

            if (!word.StartsWith('-') || word == "-")
            {
                throw new UsageException($"unexpected word '{Program.Sanitize(word)}': purge-kit takes no arguments, only options");
            }

            bool needsNext;
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var option = verb.Options.FirstOrDefault(o => o.LongName == word[2..].Split('=')[0]);
                needsNext = option is { TakesValue: true } && !word.Contains('=', StringComparison.Ordinal);
            }
            else
            {
                // Bundled switches (-qC PATH): the first one that takes a value takes the rest of the word, or the next.
                int k = 1;
                while (k < word.Length && verb.Options.FirstOrDefault(o => o.ShortName == word[k].ToString()) is { TakesValue: false })
                {
                    k++;
                }

                needsNext = k == word.Length - 1 && verb.Options.Any(o => o.ShortName == word[k].ToString() && o.TakesValue);
            }

            if (needsNext)
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option {word} needs a value");
                }

                i++;
            }
        }
    }

    private void Verify(ScanOutcome outcome, VerifierSettings settings)
    {
        var verifier = new LinqTokenVerifier(settings);
        int tokens = LinqTokenVerifier.DistinctTokens(outcome.Findings).Count;
        if (tokens > 0 && !options.Quiet)
        {
            terminal.Error.WriteLine($"linq-secret-scan: verifying {tokens} token(s) with GET {verifier.Endpoint} ...");
        }

        var verified = verifier.Verify(outcome.Findings);
        outcome.Findings.Clear();
        outcome.Findings.AddRange(verified);
    }

    private void Report(KitDirectory kit, PurgeFacts facts, int secrets, int envFiles, ScanOutcome outcome)
    {
        var output = terminal.Out;
        foreach (string warning in outcome.Warnings)
        {
            terminal.Error.WriteLine($"linq-secret-scan: warning: {warning}");
        }

        foreach (string problem in outcome.Problems)
        {
            terminal.Error.WriteLine($"linq-secret-scan: could not scan: {problem}");
        }

        if (facts.Findings.Count == 0)
        {
            output.WriteLine($"linq-secret-scan: nothing to purge: no Linq secrets in the history ({outcome.FilesScanned} file(s) scanned); an empty kit is in {kit.FullPath}.");
            return;
        }

        int pushed = facts.IsBare ? facts.Findings.Count : facts.Findings.Count(f => f.Exposure is not { Pushed: false });
        output.WriteLine($"linq-secret-scan: purge kit for {facts.Findings.Count} finding(s) written to {kit.FullPath}:");
        output.WriteLine($"  {ReplacementsFile.FileName,-17} {secrets} distinct secret(s), replaced by {PurgeReplacement.Text} (mode 0600)");
        output.WriteLine($"  {PathsFile.FileName,-17} {envFiles} committed .env file(s), removed from every commit");
        output.WriteLine($"  {PurgePlan.FileName,-17} the steps, in order: rotate first ({pushed} finding(s) pushed or exposed), then rewrite and force-push");
        if (facts.OutOfReplaceTextsReach > 0)
        {
            output.WriteLine($"  {BlobCallback.FileName,-17} for {facts.OutOfReplaceTextsReach} finding(s) in UTF-16/UTF-32 or binary-looking files, which --replace-text skips");
        }

        if (facts.UnwritableSecrets > 0)
        {
            output.WriteLine($"  {facts.UnwritableSecrets} secret(s) could not be written as a line (PLAN.md says what to do).");
        }

        if (outcome.SuppressedTotal > 0)
        {
            output.WriteLine($"  {outcome.SuppressedTotal} finding(s) left out by allow comments or the ignore file.");
        }

        output.WriteLine($"Read {Path.Combine(kit.FullPath, PurgePlan.FileName)} next. The folder holds the secrets in clear: keep it private, delete it when done.");
    }
}
