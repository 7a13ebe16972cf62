using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Purge;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;
using LinqSecretScan.Sources.Git;
using LinqSecretScan.Verification;

namespace LinqSecretScan.Cli;

/// <summary>purge-kit: the history scan (every ref; with --include-reflog the reflogs too), its findings' exposure
/// and, with --verify, their verification, then the kit written into a private folder. The terminal gets counts and
/// file names only, never a secret or a part of one: the secrets go into replacements.txt and nowhere else. The
/// repository is opened once, through <see cref="GitAccess"/>; the history source and the kit's questions (which
/// refs reach the findings, the remotes, the committed bytes) share it.</summary>
/// <remarks>Allow comments and the ignore file are honoured (a listed fingerprint is a value someone decided is not a
/// secret); a baseline is not: it records findings that are real but accepted for now, and a purge is exactly for
/// those. Every word of the command line has been checked by <see cref="StrictCommandLine"/> before this runs.</remarks>
internal sealed class PurgeKitCommand(PurgeKitOptions options, Terminal terminal, HostEnvironment host)
{
    public int Run()
    {
        string requested = options.Output ?? throw new UsageException("purge-kit needs --output (-o) DIR: a new or empty folder outside the repository", "purge-kit");
        var verification = VerificationSetup.FromValues(options.Verify, options.ApiBaseUrl, options.VerifyTimeout, options.VerifyBudget);
        var access = GitAccess.Open(host, options.Repo);
        HistorySource source;
        (string Path, bool IsBare, IReadOnlyList<string> Folders) layout;
        try
        {
            layout = CommitReach.Layout(access.Repository);
            KitDirectory.Validate(requested, host.WorkingDirectory, layout.Folders);
            source = new HistorySource(access, options.IncludeReflog);
        }
        catch
        {
            access.Dispose();
            throw;
        }

        using (source)
        {
            return Run(source, access.Repository, layout, requested, verification);
        }
    }

    private int Run(HistorySource source, LibGit2Sharp.Repository repository, (string Path, bool IsBare, IReadOnlyList<string> Folders) layout, string requested, VerifierSettings? verification)
    {
        var (config, rules, ignoreFile) = ScanInputs.Load(host, source.RootDirectory, options.Config, options.IgnoreFile);

        var outcome = new ScanOutcome();
        var progress = new ScanProgress();
        using (new ProgressPrinter(progress, terminal.Error, enabled: !options.Quiet && terminal.ErrorIsTerminal))
        {
            FindingStage.Run(source, new Scanner(new Detector(rules), new ScanSettings(config.IsExcluded, config.MaxFileSize)), outcome, progress);
        }

        int ignored = outcome.Findings.RemoveAll(ignoreFile.Suppresses);
        if (ignored > 0)
        {
            outcome.CountSuppressed(SuppressionReason.IgnoreFile, ignored);
        }

        ExposureMarker.Mark(source, outcome);
        if (verification is not null)
        {
            VerificationSetup.Verify(outcome, verification, terminal.Error, options.Quiet);
        }

        var findings = outcome.Findings;
        var (replacements, written, unwritable) = ReplacementsFile.Build(findings.Select(f => f.Secret).OfType<string>());
        int outOfReach = findings.Count(f => f is { Secret: { } secret, Commit: { } commit } && CommittedBytes.OutOfReplaceTextsReach(repository, commit, f.Path, secret));
        var facts = new PurgeFacts
        {
            RepositoryPath = layout.Path,
            IsBare = layout.IsBare,
            KitPath = Path.GetFullPath(requested, host.WorkingDirectory),
            Findings = findings,
            AffectedRefs = findings.Count == 0 ? [] : CommitReach.RefsReaching(repository, findings.Select(f => f.Commit).OfType<string>()),
            Remotes = CommitReach.Remotes(repository),
            IncludeReflog = options.IncludeReflog,
            Verified = verification is not null,
            UnwritableSecrets = unwritable.Count,
            OutOfReplaceTextsReach = outOfReach,
            Problems = outcome.Problems,
        };

        var kit = KitDirectory.Prepare(requested, host.WorkingDirectory, layout.Folders);
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
