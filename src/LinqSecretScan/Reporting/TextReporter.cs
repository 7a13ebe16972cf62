using System.Text;
using LinqSecretScan.Filters;
using LinqSecretScan.Scanning;

namespace LinqSecretScan.Reporting;

/// <summary>The report for people: where, what, and what to do about it.</summary>
internal sealed class TextReporter : IReporter
{
    public void Write(ScanOutcome outcome, ReportContext context, TextWriter writer)
    {
        var findings = outcome.Findings;
        if (findings.Count == 0)
        {
            writer.WriteLine($"linq-secret-scan: no Linq secrets in {context.Description} ({Summary(outcome)}).");
            return;
        }

        writer.WriteLine(Paint(context, "1;31", $"linq-secret-scan: {Plural(findings.Count, "Linq secret")} found in {context.Description}:"));
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
        WriteAdvice(context, writer, pushed.Count > 0 || findings.Any(f => f.Exposure is null), unpushed);
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

    private static void WriteAdvice(ReportContext context, TextWriter writer, bool anyPushed, List<Finding> unpushed)
    {
        writer.WriteLine("What to do:");
        if (context.Mode == "staged")
        {
            writer.WriteLine("  1. Take the secret out of the file (read it from an environment variable or a secret store),");
            writer.WriteLine("     then stage the file again. To unstage a file instead: git restore --staged <file>.");
            writer.WriteLine("     A .env file: git rm --cached <file>, and add it to .gitignore.");
            writer.WriteLine("  2. If the token was ever pushed, shared or pasted anywhere, rotate it in the Linq dashboard:");
            writer.WriteLine("     a Linq token sends messages from your phone numbers.");
            writer.WriteLine("  3. Not a secret? Add 'linq-secret-scan:allow' in a comment on that line, or put its");
            writer.WriteLine("     fingerprint in .linqsecretscanignore.");
            writer.WriteLine("  4. Last resort, knowingly: git commit --no-verify skips this check.");
        }
        else if (context.Mode == "dir")
        {
            writer.WriteLine("  1. Take the secret out of the file (read it from an environment variable or a secret store).");
            writer.WriteLine("  2. If it was ever committed, pushed or shared, rotate it in the Linq dashboard.");
            writer.WriteLine("  3. Keep .env files out of git: list them in .gitignore; git rm --cached <file> if tracked.");
            writer.WriteLine("  4. Not a secret? Add 'linq-secret-scan:allow' in a comment on that line, or put its");
            writer.WriteLine("     fingerprint in .linqsecretscanignore.");
        }
        else
        {
            int step = 1;
            if (anyPushed)
            {
                writer.WriteLine($"  {step++}. Pushed: rotate each token and webhook secret in the Linq dashboard now. Once pushed, a secret");
                writer.WriteLine("     must be treated as leaked: a purge does not un-leak it (clones, forks and caches keep it).");
                writer.WriteLine($"  {step++}. Then remove it from the code (read it from an environment variable or a secret store) and");
                writer.WriteLine("     purge the history: linq-secret-scan purge-kit -o <folder outside the repository> writes the");
                writer.WriteLine("     git filter-repo files and the steps.");
            }

            if (unpushed.Count > 0)
            {
                writer.WriteLine($"  {step++}. Not pushed: take it out before it leaves this machine (then, if it never left by another way,");
                writer.WriteLine("     it needs no rotation). Edit the file, then 'git commit --amend' if the secret is in the last commit,");
                writer.WriteLine("     or 'git rebase -i <commit>~1' (mark the commit 'edit') for an older one; scan again before you push.");
                if (unpushed.Any(f => f.Exposure?.OnlyInReflog == true))
                {
                    writer.WriteLine("     Only in the reflog: 'git stash drop' (or 'git stash clear') for stash entries, then");
                    writer.WriteLine("     'git reflog expire --expire=now --all && git gc --prune=now' for the rest.");
                }
            }

            writer.WriteLine($"  {step}. Not a secret? Add 'linq-secret-scan:allow' in a comment on that line, or put its");
            writer.WriteLine("     fingerprint in .linqsecretscanignore.");
        }
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
