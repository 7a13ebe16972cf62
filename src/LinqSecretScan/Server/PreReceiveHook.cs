using System.Diagnostics;
using LinqSecretScan.Configuration;
using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Filters;
using LinqSecretScan.Rules;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;
using LinqSecretScan.Sources.Git;

namespace LinqSecretScan.Server;

/// <summary>The pre-receive verb: reads git's `&lt;old&gt; &lt;new&gt; &lt;ref&gt;` lines, scans what the push brings
/// (<see cref="PushSource"/>) under the server's <see cref="ServerPolicy"/>, tells the pusher why a push is refused
/// (<see cref="PushReport"/>), records bypasses and refusals in the <see cref="AuditLog"/>, and answers with the exit
/// code git acts on: 0 accepts the push; 1 refuses it for findings; 2 refuses it because the scan could not decide (an
/// error, a bad policy, or its time budget ran out).</summary>
internal sealed class PreReceiveHook(HostEnvironment host, TextReader input, TextWriter output)
{
    /// <summary>Why the push was accepted or refused, as the audit log names it.</summary>
    private static class Decisions
    {
        public const string Refused = "refused";
        public const string RefusedUndecided = "refused-incomplete";
        public const string RefusedTimeout = "refused-past-time-budget";
        public const string Bypassed = "bypassed";
        public const string AcceptedUndecided = "accepted-incomplete";
        public const string AcceptedTimeout = "accepted-past-time-budget";
    }

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Pusher _pusher = Pusher.From(host);
    private readonly PushOptions _options = PushOptions.From(host);
    private readonly bool _gitLab = host.Variable("GL_ID") is not null || host.Variable("GL_USERNAME") is not null;

    public int Run(string? repoOption)
    {
        GitAccess access;
        ServerPolicy policy;
        try
        {
            access = GitAccess.Open(host, repoOption);
        }
        catch (ScanException ex)
        {
            return RefuseUnread(ex.Message);
        }

        try
        {
            policy = ServerPolicy.From(access.ConfigSection(ServerPolicy.Section));
        }
        catch (ScanException ex)
        {
            access.Dispose();
            return RefuseUnread(ex.Message);
        }

        IReadOnlyList<RefUpdate> updates;
        try
        {
            updates = RefUpdate.Parse(input);
        }
        catch (ScanException ex)
        {
            access.Dispose();
            return Undecided(policy, access.Location, [], ex.Message, timedOut: false);
        }

        if (updates.All(u => u.IsDeletion))
        {
            access.Dispose();
            return ExitCodes.Accepted;
        }

        using var cancel = new CancellationTokenSource();
        var scan = Task.Run(() => Scan(access, updates, policy, cancel.Token));
        if (policy.Timeout is { } budget && !Finishes(scan, budget - _clock.Elapsed))
        {
            cancel.Cancel();
            return Undecided(policy, access.Location, updates, $"the scan did not finish within its time budget of {budget.TotalSeconds:0.###} s (linqsecretscan.timeout)", timedOut: true);
        }

        PushScan result;
        try
        {
            result = scan.GetAwaiter().GetResult();
        }
        catch (ScanException ex)
        {
            return Undecided(policy, access.Location, updates, ex.Message, timedOut: false);
        }
        catch (RuleLoadException ex)
        {
            return Undecided(policy, access.Location, updates, ex.Message, timedOut: false);
        }
#pragma warning disable CA1031 // A hook that crashes must still answer by the policy, with one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Undecided(policy, access.Location, updates, $"internal error ({ex.GetType().Name})", timedOut: false);
        }

        return Decide(policy, access.Location, updates, result);
    }

    /// <summary>Whether the task ends (done, failed or cancelled) within <paramref name="limit"/>; its failure is read later.</summary>
    private static bool Finishes(Task task, TimeSpan limit) =>
        Task.WaitAny([task], limit < TimeSpan.Zero ? TimeSpan.Zero : limit) == 0;

    /// <summary>Exit codes of this verb; git refuses the push for any but 0.</summary>
    internal static class ExitCodes
    {
        public const int Accepted = 0;
        public const int RefusedForFindings = 1;
        public const int RefusedUndecided = 2;
    }

    private int Decide(ServerPolicy policy, GitLocation location, IReadOnlyList<RefUpdate> updates, PushScan scan)
    {
        var findings = scan.Outcome.Findings;
        var report = new PushReport(output, policy, scan.DefaultBranch);
        if (findings.Count > 0)
        {
            if (BypassGranted(policy, location, updates, findings, problem: null, report) is { } bypassed)
            {
                return bypassed;
            }

            report.Refused(findings, scan.Commits, _options, _gitLab);
            TryAudit(policy, location, new AuditRecord(Decisions.Refused, location.OpenPath, _pusher, updates, findings));
            return ExitCodes.RefusedForFindings;
        }

        if (scan.Outcome.Problems.Count > 0)
        {
            return Undecided(policy, location, updates, scan.Outcome.Problems, timedOut: false);
        }

        string bypassNote = _options.BypassRequested ? " (no bypass needed)" : string.Empty;
        report.Line($"no Linq secrets in {scan.Description}: {Plural(scan.Outcome.FilesScanned, "file")} scanned{Suppressed(scan.Outcome)}{bypassNote}.");
        return ExitCodes.Accepted;
    }

    private int Undecided(ServerPolicy policy, GitLocation location, IReadOnlyList<RefUpdate> updates, string reason, bool timedOut) =>
        Undecided(policy, location, updates, [reason], timedOut);

    /// <summary>The scan could not decide: the bypass, if granted, lets the push through; otherwise the policy for errors
    /// (or for a scan past its time budget) accepts or refuses it.</summary>
    private int Undecided(ServerPolicy policy, GitLocation location, IReadOnlyList<RefUpdate> updates, IReadOnlyList<string> reasons, bool timedOut)
    {
        var report = new PushReport(output, policy, defaultBranch: null);
        string problem = string.Join("; ", reasons);
        if (BypassGranted(policy, location, updates, [], problem, report) is { } bypassed)
        {
            return bypassed;
        }

        var action = timedOut ? policy.OnTimeout : policy.OnError;
        string what = timedOut ? "the scan of this push ran past its time budget" : "the scan of this push could not complete";
        if (action == WhenUndecided.Accept)
        {
            report.Line($"warning: {what}, and this server accepts such pushes unscanned ({(timedOut ? "linqsecretscan.onTimeout" : "linqsecretscan.onError")} = accept):");
            foreach (string reason in reasons.Take(PushReport.MaxListed))
            {
                report.Line($"  {reason}");
            }

            TryAudit(policy, location, new AuditRecord(timedOut ? Decisions.AcceptedTimeout : Decisions.AcceptedUndecided, location.OpenPath, _pusher, updates, [], Problem: problem));
            return ExitCodes.Accepted;
        }

        string remedy = timedOut
            ? "Push fewer commits at a time, or ask the server's administrators to raise linqsecretscan.timeout."
            : "Your commits may well be fine: the scan could not finish reading them. Ask the server's administrators (the reason is above).";
        report.Undecided($"push refused: {what}, so it is not known to be free of Linq secrets", reasons, remedy, _gitLab);
        TryAudit(policy, location, new AuditRecord(timedOut ? Decisions.RefusedTimeout : Decisions.RefusedUndecided, location.OpenPath, _pusher, updates, [], Problem: problem));
        return ExitCodes.RefusedUndecided;
    }

    /// <summary>The bypass lets the push through when the policy allows it, the pusher gave a reason, and the audit log
    /// took the record; null when it does not apply. A bypass that cannot be recorded is not granted.</summary>
    private int? BypassGranted(ServerPolicy policy, GitLocation location, IReadOnlyList<RefUpdate> updates, List<Finding> findings, string? problem, PushReport report)
    {
        if (!_options.BypassRequested || !policy.Bypass)
        {
            return null;
        }

        if (_options.BypassReason is null)
        {
            report.Line($"a bypass needs a reason: git push -o {PushOptions.Bypass}=\"why\"");
            return null;
        }

        string reason = SecretText.Redact(_options.BypassReason, new Detector(RuleLoader.BuiltIn), maxLength: 500);
        string path = policy.AuditLogPath(location.GitDirectory, host);
        try
        {
            AuditLog.Append(path, new AuditRecord(Decisions.Bypassed, location.OpenPath, _pusher, updates, findings, reason, problem), DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Line("the bypass could not be recorded in the audit log, so it is not granted (the server's administrators can see why in its log file)");
            return null;
        }

        string what = findings.Count > 0 ? PushReport.Counted(findings) : "a scan that could not complete";
        report.Line($"push accepted with {what}: bypassed by {_pusher.Name ?? "an unnamed pusher"} (\"{reason}\"), recorded in the audit log.");
        if (findings.Count > 0)
        {
            report.Line("If a secret was pushed, rotate it in the Linq dashboard: it is now on the server.");
        }

        return ExitCodes.Accepted;
    }

    /// <summary>Records a decision that is not a bypass; a log that cannot be written does not change the decision.</summary>
    private void TryAudit(ServerPolicy policy, GitLocation location, AuditRecord record)
    {
        try
        {
            AuditLog.Append(policy.AuditLogPath(location.GitDirectory, host), record, DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output.WriteLine("linq-secret-scan: warning: the server's audit log could not be written");
        }
    }

    /// <summary>Before the policy is known (no repository, a bad policy key) nothing can accept the push.</summary>
    private int RefuseUnread(string reason)
    {
        var report = new PushReport(output, ServerPolicy.Default, defaultBranch: null);
        report.Undecided("push refused: the server's secret scan cannot run", [reason], "Ask the server's administrators (the reason is above).", _gitLab);
        return ExitCodes.RefusedUndecided;
    }

    /// <summary>The scan itself, on a worker thread so the time budget can end the wait for it. It owns
    /// <paramref name="access"/>.</summary>
    private static PushScan Scan(GitAccess access, IReadOnlyList<RefUpdate> updates, ServerPolicy policy, CancellationToken cancel)
    {
        string? branch;
        RuleSet rules;
        ScanConfig config = ScanConfig.Default;
        IgnoreFile ignoreFile = IgnoreFile.Empty;
        try
        {
            branch = DefaultBranchFiles.BranchName(access.Repository);
            if (policy.RepositoryConfig)
            {
                string on = branch ?? "HEAD";
                if (DefaultBranchFiles.Read(access.Repository, ScanConfig.DefaultName) is { } configText)
                {
                    config = ConfigLoader.Parse(configText, $"{ScanConfig.DefaultName} on {on}");
                }

                if (DefaultBranchFiles.Read(access.Repository, IgnoreFile.DefaultName) is { } ignoreText)
                {
                    ignoreFile = IgnoreFile.Parse(ignoreText, $"{IgnoreFile.DefaultName} on {on}");
                }
            }

            var builtIn = RuleLoader.BuiltIn;
            rules = builtIn.WithExtraRules(config.CustomRules).WithEnvFile(builtIn.EnvFile.WithExtraTemplateSuffixes(config.EnvTemplateSuffixes));
        }
        catch
        {
            access.Dispose();
            throw;
        }

        using var source = PushSource.Open(access, updates, cancel);
        var outcome = new ScanOutcome();
        FindingStage.Run(source, new Scanner(new Detector(rules), new ScanSettings(config.IsExcluded, config.MaxFileSize)), outcome, new ScanProgress(), policy.AllowComments);
        int ignored = outcome.Findings.RemoveAll(ignoreFile.Suppresses);
        if (ignored > 0)
        {
            outcome.CountSuppressed(SuppressionReason.IgnoreFile, ignored);
        }

        var detector = new Detector(RuleLoader.BuiltIn);
        var commits = new Dictionary<string, PushedCommit>(StringComparer.Ordinal);
        foreach (string sha in outcome.Findings.Select(f => f.Commit).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            commits[sha] = new PushedCommit(sha, SecretText.Redact(source.SubjectOf(sha) ?? string.Empty, detector, maxLength: 200), source.RefsReaching(sha));
        }

        return new PushScan(outcome, source.Description, branch, commits);
    }

    private static string Suppressed(ScanOutcome outcome) => outcome.SuppressedTotal switch
    {
        0 => string.Empty,
        var n => $", {n} suppressed ({string.Join(", ", outcome.Suppressed.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} by {(kv.Key == SuppressionReason.AllowComment ? "allow comment" : "ignore file")}"))})",
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>What the scan of a push found, with what the report needs of the push.</summary>
    private sealed record PushScan(ScanOutcome Outcome, string Description, string? DefaultBranch, IReadOnlyDictionary<string, PushedCommit> Commits);
}
