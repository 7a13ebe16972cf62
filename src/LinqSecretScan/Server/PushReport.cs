using LinqSecretScan.Core;
using LinqSecretScan.Reporting;

namespace LinqSecretScan.Server;

/// <summary>A commit of the push, as the pusher knows it.</summary>
/// <param name="Subject">The first line of its message.</param>
/// <param name="Refs">The pushed refs that reach it.</param>
internal sealed record PushedCommit(string Sha, string Subject, IReadOnlyList<string> Refs);

/// <summary>What the pusher reads: git prints a pre-receive hook's output on the client as `remote:` lines. Short and
/// to act on: each finding with its file, line, rule, the secret redacted (always: a server never prints a whole
/// secret, there is no --show-secrets here), and the commit that adds it; then how to take it out of that commit, to
/// rotate it, and how to mark a false positive in a way this server honours.</summary>
internal sealed class PushReport(TextWriter writer, ServerPolicy policy, string? defaultBranch)
{
    /// <summary>More findings than this are counted, not listed: the pusher needs the first ones to start.</summary>
    public const int MaxListed = 20;

    private const string Prefix = "linq-secret-scan: ";

    /// <summary>GitLab shows a hook's lines that start with this in its web UI, where a commit made there is refused.</summary>
    private const string GitLabPrefix = "GL-HOOK-ERR: ";

    private string Branch => defaultBranch ?? "the default branch";

    public void Refused(IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, PushedCommit> commits, PushOptions options, bool gitLab)
    {
        string headline = $"push refused: {Counted(findings)} in what it brings";
        if (gitLab)
        {
            writer.WriteLine(GitLabPrefix + Prefix + headline + (findings.Count > 0 ? $" ({Where(findings[0])})" : string.Empty));
        }

        writer.WriteLine(Prefix + headline);
        foreach (var finding in findings.Take(MaxListed))
        {
            string what = finding.Secret is null ? "a .env file: it holds secrets and does not belong in git" : Redaction.Apply(finding.Secret, showSecrets: false)!;
            writer.WriteLine($"  {Where(finding)}  {finding.RuleId}  {TextReporter.Printable(what)}");
            var details = new List<string>();
            if (finding.Commit is { } sha)
            {
                details.Add(commits.TryGetValue(sha, out var commit)
                    ? $"commit {sha[..12]} \"{Short(commit.Subject)}\"{(commit.Refs.Count > 0 ? $" ({string.Join(", ", commit.Refs.Select(TextReporter.Printable))})" : string.Empty)}"
                    : $"commit {sha[..12]}");
            }

            details.Add($"fingerprint {finding.Fingerprint}");
            writer.WriteLine($"      {string.Join("; ", details)}");
        }

        if (findings.Count > MaxListed)
        {
            writer.WriteLine($"  ... and {findings.Count - MaxListed} more (the first {MaxListed} are listed)");
        }

        string? example = findings.FirstOrDefault(f => f.Commit is not null)?.Commit?[..12];
        writer.WriteLine("To fix: take it out of the commit that adds it; a later commit that deletes it is not enough, the push");
        writer.WriteLine("still carries it. The last commit: fix the file (git rm --cached for a .env file), git commit --amend.");
        writer.WriteLine($"An older one: git rebase -i {example ?? "<commit>"}^, mark it 'edit', fix it, git commit --amend, git rebase --continue.");
        writer.WriteLine("If the secret was ever pushed or shared anywhere else, rotate it in the Linq dashboard.");
        var falsePositive = new List<string>();
        if (policy.AllowComments)
        {
            falsePositive.Add("put linq-secret-scan:allow in a comment on its line");
        }

        if (policy.RepositoryConfig)
        {
            falsePositive.Add($"have its fingerprint added to .linqsecretscanignore on {Branch} (what the push itself brings there does not count)");
        }

        writer.WriteLine(falsePositive.Count > 0
            ? $"Not a secret? {Capitalised(string.Join(", or ", falsePositive))}."
            : "Not a secret? This server takes no allow comments or ignore files: ask its administrators.");
        if (policy.Bypass)
        {
            writer.WriteLine($"Push anyway, knowingly: git push -o {PushOptions.Bypass}=\"why\" (recorded with your name in the audit log).");
        }
        else if (options.BypassRequested)
        {
            writer.WriteLine($"{PushOptions.Bypass} was given, but this server does not allow a bypass.");
        }
    }

    /// <summary>The scan could not decide (an error, or its time budget ran out) and the policy refuses the push.</summary>
    public void Undecided(string headline, IReadOnlyList<string> reasons, string remedy, bool gitLab)
    {
        if (gitLab)
        {
            writer.WriteLine(GitLabPrefix + Prefix + headline);
        }

        writer.WriteLine(Prefix + headline);
        foreach (string reason in reasons.Take(MaxListed))
        {
            writer.WriteLine($"  {TextReporter.Printable(reason)}");
        }

        if (reasons.Count > MaxListed)
        {
            writer.WriteLine($"  ... and {reasons.Count - MaxListed} more");
        }

        writer.WriteLine(remedy);
    }

    public void Line(string text) => writer.WriteLine(Prefix + text);

    internal static string Counted(IReadOnlyList<Finding> findings)
    {
        int envFiles = findings.Count(f => f.Secret is null);
        int secrets = findings.Count - envFiles;
        var parts = new List<string>();
        if (secrets > 0)
        {
            parts.Add(secrets == 1 ? "1 Linq secret" : $"{secrets} Linq secrets");
        }

        if (envFiles > 0)
        {
            parts.Add(envFiles == 1 ? "1 .env file" : $"{envFiles} .env files");
        }

        return parts.Count > 0 ? string.Join(" and ", parts) : "no Linq secrets";
    }

    private static string Where(Finding finding) =>
        finding.Line is long line ? $"{TextReporter.Printable(finding.Path)}:{line}:{finding.Column}" : TextReporter.Printable(finding.Path);

    private static string Short(string subject)
    {
        string printable = TextReporter.Printable(subject.Trim());
        return printable.Length > 60 ? printable[..59] + "\u2026" : printable;
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
