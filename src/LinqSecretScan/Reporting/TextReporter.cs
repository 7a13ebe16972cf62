using System.Text;
using LinqSecretScan.Core;

namespace LinqSecretScan.Reporting;

/// <summary>The report for people: where, what, and what to do about it.</summary>
internal sealed class TextReporter : IReporter
{
    public void Write(ScanOutcome outcome, ReportContext context, TextWriter writer)
    {
        var findings = outcome.Findings;
        if (findings.Count == 0)
        {
            writer.WriteLine($"linq-secret-scan: no Linq secrets and no .env files in {context.Description} ({Summary(outcome)}).");
            return;
        }

        var found = Kinds.Of(findings);
        writer.WriteLine(Paint(context, "1;31", $"linq-secret-scan: {found.Headline} found in {context.Description}:"));
        var pushed = findings.Where(f => f.Exposure is { Pushed: true }).ToList();
        var unpushed = findings.Where(f => f.Exposure is { Pushed: false }).ToList();
        if (pushed.Count + unpushed.Count == 0)
        {
            writer.WriteLine();
            WriteFindings(findings, context, writer);
        }
        else
        {
            var remotes = pushed.SelectMany(f => f.Exposure!.PushedTo).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            WriteGroup($"Pushed (on {string.Join(", ", remotes)}): these have left this machine; rotate them", pushed, context, writer);
            WriteGroup("Not pushed (only in local refs): take these out before they leave this machine", unpushed, context, writer);
            WriteGroup("Exposure unknown: treat these as pushed", [.. findings.Where(f => f.Exposure is null)], context, writer);
        }

        writer.WriteLine();
        WriteAdvice(context, findings, found, writer);
        writer.WriteLine();
        writer.WriteLine($"linq-secret-scan: {Summary(outcome)}.");
    }

    private static void WriteGroup(string heading, List<Finding> findings, ReportContext context, TextWriter writer)
    {
        if (findings.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine(Paint(context, "1", $"{heading} ({findings.Count}):"));
        WriteFindings(findings, context, writer);
    }

    private static void WriteFindings(IEnumerable<Finding> findings, ReportContext context, TextWriter writer)
    {
        foreach (var finding in findings)
        {
            string where = finding.Line is long line ? $"{Printable(finding.Path)}:{line}:{finding.Column}" : Printable(finding.Path);
            string what = finding.Secret is null
                ? ".env-style file: it holds secrets and does not belong in git"
                : Redaction.Apply(finding.Secret, context.ShowSecrets)!;
            writer.WriteLine($"  {Paint(context, "1", where)}  {Paint(context, "31", finding.RuleId)}  {Printable(what)}");
            var details = new List<string>();
            if (finding.Commit is not null)
            {
                details.Add($"commit {finding.Commit}");
            }

            if (finding.Exposure is { } exposure)
            {
                details.Add(exposure.Pushed ? $"pushed to {string.Join(", ", exposure.PushedTo.Select(Printable))}"
                    : exposure.OnlyInReflog == true ? "not pushed, only in the reflog (a stash entry or a rewritten commit)" : "not pushed");
            }

            if (finding.PresentAtHead is bool present)
            {
                details.Add(present ? "still present at HEAD" : "no longer at HEAD (still in history)");
            }

            if (finding.Verification != VerificationState.NotChecked)
            {
                string state = finding.Verification.ToContractName();
                details.Add(finding.VerificationReason is null ? $"verification: {state}" : $"verification: {state} ({finding.VerificationReason})");
            }

            details.Add($"fingerprint {finding.Fingerprint}");
            writer.WriteLine($"      {string.Join("; ", details)}");
            if (Verdict(finding.Verification) is (string color, string verdict))
            {
                writer.WriteLine(Paint(context, color, $"      {verdict}"));
            }

            if (finding.Reach is { } reach)
            {
                writer.WriteLine(Paint(context, "1;31", $"      {Reach(reach, context.ShowSecrets)}"));
            }
        }
    }

    /// <summary>The blast radius of a live token, from the answer that verified it.</summary>
    private static string Reach(PhoneReach reach, bool showSecrets)
    {
        string how = $"It can send from {reach.Describe()} of this Linq account";
        if (reach.Count == 0)
        {
            return $"{how} (none listed right now; it still works against the API).";
        }

        if (!showSecrets)
        {
            return $"{how} (--show-secrets lists them).";
        }

        const int Shown = 10;
        string list = string.Join(", ", reach.Numbers.Take(Shown).Select(Printable));
        int unlisted = reach.Count - Math.Min(reach.Numbers.Count, Shown);
        return unlisted > 0 ? $"{how}: {list} and {unlisted} more{(reach.Numbers.Count > Shown ? " (--format json lists them all)" : string.Empty)}." : $"{how}: {list}.";
    }

    /// <summary>What a verification state means for the reader, loudest for tokens that work.</summary>
    private static (string Color, string Text)? Verdict(VerificationState state) => state switch
    {
        VerificationState.Live => ("1;31", "LIVE TOKEN: it works against the Linq API right now. Rotate it immediately."),
        VerificationState.LiveRestricted => ("1;31", "LIVE TOKEN (restricted): the Linq API accepted it but not for this resource. Rotate it immediately."),
        VerificationState.Unknown => ("33", "Could not verify it: treat it as live until you know otherwise."),
        VerificationState.Invalid => ("2", "The Linq API rejected it (invalid, or revoked). Still take it out of the code."),
        _ => null,
    };

    /// <summary>What to do, numbered, with only the steps that apply to what was found: rotating Linq tokens is
    /// advised only when a token was found, and a .env file is called a .env file, not a secret. For history and
    /// commits, what was pushed (or whose exposure is unknown) must be rotated and purged; what was not pushed can be
    /// taken out by an amend or a rebase, and needs rotation only if it left the machine another way.</summary>
    private static void WriteAdvice(ReportContext context, IReadOnlyList<Finding> findings, Kinds found, TextWriter writer)
    {
        var steps = new List<string[]>();
        void Step(bool applies, params string[] lines)
        {
            if (applies)
            {
                steps.Add(lines);
            }
        }

        const string NotASecret = "Not a secret? Add 'linq-secret-scan:allow' in a comment on that line, or put its";
        const string Fingerprint = "fingerprint in .linqsecretscanignore.";
        if (context.Mode == "staged")
        {
            Step(found.Secrets > 0, "Take the secret out of the file (read it from an environment variable or a secret store),", "then stage the file again. To unstage a file instead: git restore --staged <file>.");
            Step(found.EnvFiles > 0, "Unstage the .env file and keep it out of git: git rm --cached <file>, and add it to .gitignore.");
            Step(found.Tokens > 0, "If the token was ever pushed, shared or pasted anywhere, rotate it in the Linq dashboard:", "a Linq token sends messages from your phone numbers.");
            Step(found.WebhookSecrets > 0, "If the webhook signing secret was ever pushed or shared, replace it: with it anyone can sign", "requests your webhook endpoint accepts as Linq's.");
            Step(true, NotASecret, Fingerprint);
            Step(true, "Last resort, knowingly: git commit --no-verify skips this check.");
        }
        else if (context.Mode == "dir")
        {
            Step(found.Secrets > 0, "Take the secret out of the file (read it from an environment variable or a secret store).");
            Step(found.Tokens > 0, "If the token was ever committed, pushed or shared, rotate it in the Linq dashboard.");
            Step(found.WebhookSecrets > 0, "If the webhook signing secret was ever committed, pushed or shared, replace it.");
            Step(found.EnvFiles > 0, "Keep .env files out of git: list them in .gitignore; git rm --cached <file> if tracked.");
            Step(true, NotASecret, Fingerprint);
        }
        else
        {
            bool grouped = findings.Any(f => f.Exposure is not null);
            var exposed = Kinds.Of([.. findings.Where(f => f.Exposure is not { Pushed: false })]);
            var local = findings.Where(f => f.Exposure is { Pushed: false }).ToList();
            var kept = Kinds.Of(local);
            if (exposed.Secrets + exposed.EnvFiles > 0)
            {
                string how = grouped ? "pushed" : "committed";
                Step(exposed.Tokens > 0, $"Rotate each token in the Linq dashboard now: once {how}, a secret must be treated as leaked", "(a purge does not un-leak it: clones, forks and caches keep it).");
                Step(exposed.WebhookSecrets > 0, $"Replace each webhook signing secret: once {how}, it must be treated as leaked.");
                Step(exposed.EnvFiles > 0, "Each committed .env file: rotate the secrets it held, take it out of git (git rm --cached <file>,", "add it to .gitignore).");
                Step(exposed.Secrets > 0, "Remove each secret from the code (read it from an environment variable or a secret store).");
                Step(true, "Then purge the history, after rotating: linq-secret-scan purge-kit -o <folder outside the repository>", "writes the git filter-repo files and the steps.");
            }

            if (local.Count > 0)
            {
                var amend = new List<string>
                {
                    "Not pushed: take it out before it leaves this machine. Edit the file (a .env file: git rm --cached <file>,",
                    "and add it to .gitignore), then 'git commit --amend' if it is in the last commit, or 'git rebase -i <commit>~1'",
                    "(mark the commit 'edit') for an older one; scan again before you push.",
                };
                if (local.Any(f => f.Exposure?.OnlyInReflog == true))
                {
                    amend.Add("Only in the reflog: 'git stash drop' (or 'git stash clear') for stash entries, then");
                    amend.Add("'git reflog expire --expire=now --all && git gc --prune=now' for the rest.");
                }

                Step(true, [.. amend]);
                Step(kept.Tokens > 0, "Rotate each token in the Linq dashboard now if it may have left this machine another way (pasted,", "shared, in a backup); a token that never left needs no rotation once no commit holds it.");
                Step(kept.WebhookSecrets > 0, "Replace each webhook signing secret too if it may have left this machine another way.");
                Step(kept.EnvFiles > 0, "Each committed .env file: rotate the secrets it held if they may have left this machine another way.");
            }

            Step(true, NotASecret, Fingerprint);
        }

        writer.WriteLine("What to do:");
        for (int i = 0; i < steps.Count; i++)
        {
            writer.WriteLine($"  {i + 1}. {steps[i][0]}");
            foreach (string more in steps[i].Skip(1))
            {
                writer.WriteLine($"     {more}");
            }
        }
    }

    /// <summary>What the findings are: secrets (Linq tokens, webhook secrets, custom rules' values) and .env files,
    /// counted apart.</summary>
    private sealed record Kinds(int Secrets, int Tokens, int WebhookSecrets, int EnvFiles)
    {
        public static Kinds Of(IReadOnlyList<Finding> findings) => new(
            findings.Count(f => f.Secret is not null),
            findings.Count(f => f.Secret is not null && f.RuleId == "linq-api-token"),
            findings.Count(f => f.Secret is not null && f.RuleId == "linq-webhook-secret"),
            findings.Count(f => f.Secret is null));

        /// <summary>"2 Linq secrets and 1 .env file".</summary>
        public string Headline => string.Join(" and ", new[] { (Secrets, "Linq secret"), (EnvFiles, ".env file") }
            .Where(k => k.Item1 > 0)
            .Select(k => Plural(k.Item1, k.Item2)));
    }

    private static string Summary(ScanOutcome outcome)
    {
        var parts = new List<string> { Plural(outcome.FilesScanned, "file") + " scanned" };
        if (outcome.SuppressedTotal > 0)
        {
            var reasons = outcome.Suppressed.Where(kv => kv.Value > 0)
                .Select(kv => $"{kv.Value} by {ReasonName(kv.Key)}");
            parts.Add($"{outcome.SuppressedTotal} suppressed ({string.Join(", ", reasons)})");
        }

        if (outcome.FilesExcluded > 0)
        {
            parts.Add($"{Plural(outcome.FilesExcluded, "file")} excluded by the config");
        }

        if (outcome.BinaryFilesSkipped > 0)
        {
            parts.Add($"{Plural(outcome.BinaryFilesSkipped, "binary file")} skipped");
        }

        return string.Join(", ", parts);
    }

    private static string ReasonName(SuppressionReason reason) => reason switch
    {
        SuppressionReason.AllowComment => "allow comment",
        SuppressionReason.IgnoreFile => "ignore file",
        SuppressionReason.Baseline => "baseline",
        _ => reason.ToString(),
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Paint(ReportContext context, string code, string text) =>
        context.Color ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>File names may hold newlines, tabs or escape characters: show them escaped so a name cannot forge
    /// report lines or terminal sequences.</summary>
    internal static string Printable(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.Contains('\u007f', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u007f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
