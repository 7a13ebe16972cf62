using System.Globalization;
using System.Text;
using LinqSecretScan.Detection;
using LinqSecretScan.Reporting;
using LinqSecretScan.Core;

namespace LinqSecretScan.Purge;

/// <summary>PLAN.md: the steps of a purge in order, with commands that run as written (POSIX shell, paths quoted):
/// rotate first, take the secrets out of the current code, back up, rewrite a fresh mirror clone with git
/// filter-repo, verify it, force-push the affected refs, verify the remote, then what collaborators must do and the
/// clean-up (this clone, stash and reflog, forks, CI caches, the host's pull request refs). No secret is written
/// into it: findings are shown by their redacted prefix and fingerprint.</summary>
internal static class PurgePlan
{
    public const string FileName = "PLAN.md";

    public static string Build(PurgeFacts facts)
    {
        var targets = Targets(facts);
        var plan = new Writer(facts);
        plan.Header(targets);
        if (facts.Findings.Count == 0)
        {
            plan.Line("Nothing to purge: the history scan found no Linq secret. replacements.txt and paths.txt are empty.");
            return plan.ToString();
        }

        plan.Findings(targets);
        plan.Rotate();
        plan.FixHead();
        foreach (var target in targets)
        {
            plan.Remote(target);
        }

        if (!facts.IsBare)
        {
            plan.ThisClone(targets);
        }

        plan.Collaborators(targets);
        plan.CleanUp(targets);
        return plan.ToString();
    }

    /// <summary>What must be rewritten and pushed: each remote with pushed findings, or the bare repository itself.</summary>
    internal static List<PushTarget> Targets(PurgeFacts facts)
    {
        var targets = new List<PushTarget>();
        var tags = facts.AffectedRefs.Where(r => r.StartsWith("refs/tags/", StringComparison.Ordinal)).ToList();
        if (facts.IsBare)
        {
            targets.Add(new PushTarget(
                PushTarget.ThisRepository,
                facts.RepositoryPath,
                false,
                [.. facts.AffectedRefs.Where(r => r.StartsWith("refs/heads/", StringComparison.Ordinal))],
                tags,
                [.. facts.AffectedRefs.Where(r => !r.StartsWith("refs/heads/", StringComparison.Ordinal) && !r.StartsWith("refs/tags/", StringComparison.Ordinal))],
                facts.Findings.Count));
            return targets;
        }

        foreach (var (name, url) in facts.Remotes)
        {
            int pushed = facts.Findings.Count(f => f.Exposure?.PushedTo.Contains(name) == true);
            if (pushed == 0)
            {
                continue;
            }

            string prefix = $"refs/remotes/{name}/";
            var branches = facts.AffectedRefs
                .Where(r => r.StartsWith(prefix, StringComparison.Ordinal) && r != prefix + "HEAD")
                .Select(r => "refs/heads/" + r[prefix.Length..])
                .ToList();
            var (display, hadCredentials) = WithoutCredentials(url, facts.RepositoryPath);
            targets.Add(new PushTarget(name, display, hadCredentials, branches, tags, [], pushed));
        }

        return targets;
    }

    /// <summary>The URL to put in commands: a password (or an http token in the user name) taken out, a relative
    /// local path made absolute (git reads it against the repository).</summary>
    internal static (string Url, bool HadCredentials) WithoutCredentials(string url, string repositoryPath)
    {
        if (url.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
            {
                bool http = uri.Scheme is "http" or "https";
                string user = uri.UserInfo.Split(':')[0];
                if (http || uri.UserInfo.Contains(':', StringComparison.Ordinal))
                {
                    int at = url.IndexOf('@', StringComparison.Ordinal);
                    int start = url.IndexOf("://", StringComparison.Ordinal) + 3;
                    string keep = http ? string.Empty : user + "@";
                    return (url[..start] + keep + url[(at + 1)..], true);
                }
            }

            return (url, false);
        }

        var probe = new PushTarget("-", url, false, [], [], [], 0);
        return probe.IsLocalPath && !Path.IsPathRooted(url) && url.Length > 0
            ? (Path.GetFullPath(Path.Combine(repositoryPath, url)), false)
            : (url, false);
    }

    private sealed class Writer(PurgeFacts facts)
    {
        private readonly StringBuilder _text = new();
        private int _step;

        private string Kit => ShellWords.Quote(facts.KitPath);

        private string Repository => ShellWords.Quote(facts.RepositoryPath);

        private string KitFile(string name) => ShellWords.Quote(Path.Combine(facts.KitPath, name));

        public override string ToString() => _text.ToString().TrimEnd('\n') + "\n";

        public void Line(string line = "") => _text.Append(line).Append('\n');

        /// <summary>An empty line, unless the text already ends with one.</summary>
        private void Blank()
        {
            if (_text.Length < 2 || _text[^1] != '\n' || _text[^2] != '\n')
            {
                Line();
            }
        }

        private void Heading(string title)
        {
            Blank();
            Line($"## {++_step}. {title}");
            Line();
        }

        private void Commands(params string[] lines)
        {
            Blank();
            Line("```sh");
            foreach (string line in lines)
            {
                Line(line);
            }

            Line("```");
            Line();
        }

        private string FilterRepo(bool force)
        {
            var words = new List<string> { "git filter-repo" };
            if (force)
            {
                words.Add("--force");
            }

            if (facts.Findings.Any(f => f.Secret is not null))
            {
                // Commit messages too: a token pasted into one ("rotate linq_...") is as leaked as one in a file.
                words.Add($"--replace-text {KitFile(ReplacementsFile.FileName)} --replace-message {KitFile(ReplacementsFile.FileName)}");
            }

            if (facts.Findings.Any(f => f.Secret is null))
            {
                words.Add($"--invert-paths --paths-from-file {KitFile(PathsFile.FileName)}");
            }

            if (facts.OutOfReplaceTextsReach > 0)
            {
                words.Add($"--blob-callback {KitFile(BlobCallback.FileName)}");
            }

            return string.Join(' ', words);
        }

        private string Scan(string repository) =>
            $"linq-secret-scan history -C {ShellWords.Quote(repository)}{(facts.IncludeReflog ? " --include-reflog" : string.Empty)}";

        public void Header(List<PushTarget> targets)
        {
            Line($"# Purge plan for {facts.RepositoryPath}");
            Line();
            Line($"Written by {ToolInfo.Name} {ToolInfo.Version} on {facts.Written.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC from a scan of " +
                 $"{(facts.IncludeReflog ? "every ref and reflog" : "every ref")} of `{facts.RepositoryPath}`{(facts.IsBare ? " (a bare repository)" : string.Empty)}.");
            Line("What was pushed is what this clone's remote-tracking refs (`refs/remotes/*`) reached at the time: run `git fetch` " +
                 "and `purge-kit` again if they may be stale.");
            Line();
            Line($"**This folder holds the secrets in clear** (`{ReplacementsFile.FileName}`, and the backups the steps below put here). " +
                 "Keep it private (it is mode 0700), never copy it into a repository, and delete it at the end (last step).");
            if (facts.Problems.Count > 0)
            {
                Line();
                Line($"**The scan was incomplete** ({facts.Problems.Count} problem(s)); this kit covers only what could be read:");
                foreach (string problem in facts.Problems)
                {
                    Line($"- {Inline(problem)}");
                }
            }

            if (facts.UnwritableSecrets > 0)
            {
                Line();
                Line($"**{facts.UnwritableSecrets} secret(s) could not be written to `{ReplacementsFile.FileName}`** (they hold a line break or bytes that are not " +
                     "UTF-8): edit those files by hand; the verification step shows whether any is left.");
            }

            Line();
            Line("The files of this kit:");
            Line();
            Line($"- `{ReplacementsFile.FileName}`: one line per distinct secret, `SECRET==>{PurgeReplacement.Text}`, for " +
                 "`git filter-repo --replace-text` (BFG's `--replace-text` reads it too). Every occurrence in every file of every commit " +
                 $"becomes `{PurgeReplacement.Text}`, which {ToolInfo.Name} does not report.");
            Line($"- `{PathsFile.FileName}`: the committed `.env`-style files, one path per line, for `git filter-repo --invert-paths --paths-from-file`, " +
                 "which removes them from every commit.");
            if (facts.OutOfReplaceTextsReach > 0)
            {
                Line($"- `{BlobCallback.FileName}`: for `git filter-repo --blob-callback`. {Plural(facts.OutOfReplaceTextsReach, "finding")} sit in UTF-16 or UTF-32 " +
                     "text, or in a file with a NUL in its first 8 KiB, where `--replace-text` does not reach (it replaces UTF-8 bytes and skips " +
                     $"such files as binary); the callback replaces them there, reading the secrets from `{ReplacementsFile.FileName}`.");
            }

            Line($"- `{FileName}`: this plan.");
            _ = targets;
        }

        public void Findings(List<PushTarget> targets)
        {
            var findings = facts.Findings;
            int tokens = Distinct("linq-api-token"), webhooks = Distinct("linq-webhook-secret");
            int envFiles = findings.Where(f => f.Secret is null).Select(f => f.Path).Distinct(StringComparer.Ordinal).Count();
            int pushed = findings.Count(f => f.Exposure is { Pushed: true } || (facts.IsBare && f.Exposure is not null));
            int atHead = findings.Count(f => f.PresentAtHead == true);
            Line();
            Line("## What was found");
            Line();
            Line($"{Plural(findings.Count, "finding")}: {Plural(tokens, "distinct Linq API token")}, {Plural(webhooks, "distinct webhook signing secret")}, " +
                 $"{Plural(envFiles, "committed .env file")}{Others(findings.Count(f => f.Secret is not null && f.RuleId is not ("linq-api-token" or "linq-webhook-secret")))}.");
            Line();
            if (facts.IsBare)
            {
                Line($"This is a bare repository: if people clone from it, every finding is as exposed as a pushed one.");
            }
            else
            {
                string where = targets.Count == 0 ? string.Empty : $" (on {string.Join(", ", targets.Select(t => $"`{t.Name}`"))})";
                Line($"- **Pushed**{where}: {Plural(pushed, "finding")}. These have left this machine: rotate them, then purge the remote.");
                Line($"- **Not pushed** (only in this clone): {Plural(findings.Count(f => f.Exposure is { Pushed: false }), "finding")}" +
                     $"{(facts.IncludeReflog ? $", {findings.Count(f => f.Exposure?.OnlyInReflog == true)} of them only in a stash entry or the reflog" : string.Empty)}.");
                if (findings.Any(f => f.Exposure is null))
                {
                    Line($"- **Exposure unknown**: {Plural(findings.Count(f => f.Exposure is null), "finding")}; treat them as pushed.");
                }
            }

            Line($"- Still in the files at HEAD: {Plural(atHead, "finding")}.");
            Line();
            Line($"| # | rule | where | commit | exposure | at HEAD | secret (redacted) | fingerprint |{(facts.Verified ? " verification |" : string.Empty)}");
            Line($"|---|---|---|---|---|---|---|---|{(facts.Verified ? "---|" : string.Empty)}");
            int n = 0;
            foreach (var finding in findings)
            {
                string where = finding.Line is long line ? $"{finding.Path}:{line}" : finding.Path;
                string exposure = finding.Exposure switch
                {
                    null => "unknown",
                    { Pushed: true } e => $"pushed ({string.Join(", ", e.PushedTo)})",
                    { OnlyInReflog: true } => "not pushed; reflog/stash only",
                    _ => "not pushed",
                };
                string head = finding.PresentAtHead switch { true => "yes", false => "no", null => "?" };
                string secret = finding.Secret is null ? ".env file" : Redaction.Apply(finding.Secret, showSecrets: false)!;
                string verification = facts.Verified ? $" {Cell(Verification(finding))} |" : string.Empty;
                Line($"| {++n} | {finding.RuleId} | {Cell(where)} | {Cell(finding.Commit?[..Math.Min(12, finding.Commit.Length)] ?? "-")} | {Cell(exposure)} | {head} | {Cell(secret)} | {finding.Fingerprint} |{verification}");
            }

            var localRefs = facts.AffectedRefs.Where(r => !r.StartsWith("refs/remotes/", StringComparison.Ordinal)).ToList();
            var remoteRefs = facts.AffectedRefs.Where(r => r.StartsWith("refs/remotes/", StringComparison.Ordinal)).ToList();
            Line();
            Line("Refs whose history holds a finding (a rewrite changes each of them):");
            Line();
            Line($"- {(facts.IsBare ? "in this repository" : "in this clone")}: {RefList(localRefs)}");
            if (!facts.IsBare)
            {
                Line($"- remote-tracking (what each remote had at the last fetch): {RefList(remoteRefs)}");
            }

            int Distinct(string rule) => findings.Where(f => f.RuleId == rule && f.Secret is not null).Select(f => f.Secret).Distinct(StringComparer.Ordinal).Count();
        }

        private static string Verification(Finding finding)
        {
            string state = finding.Verification.ToContractName();
            return finding.Reach is { } reach ? $"{state}: {reach.Describe()}" : state;
        }

        public void Rotate()
        {
            Heading("Rotate first");
            Line("A purge rewrites history; it does not un-leak anything. Whoever cloned or fetched, every fork, CI logs and caches, and the " +
                 "host's pull request refs keep the old commits. So before anything else, replace every credential found:");
            Line();
            Line("- each **Linq API token**: create a new token in the Linq dashboard, deploy it where your application reads it (an environment " +
                 "variable such as `LINQ_API_KEY`, a secret store), then revoke the old one. A Linq token sends messages from your phone numbers.");
            if (facts.Findings.Any(f => f.RuleId == "linq-webhook-secret"))
            {
                Line("- each **webhook signing secret**: rotate the signing secret of the webhook subscription and update the handler that checks signatures.");
            }

            if (facts.Findings.Any(f => f.Secret is null))
            {
                Line("- each committed **.env file**: rotate every credential it held, Linq's and any other.");
            }

            if (facts.Verified)
            {
                var live = facts.Findings.Where(f => f.Verification is VerificationState.Live or VerificationState.LiveRestricted or VerificationState.Unknown).ToList();
                Line();
                Line($"`--verify` checked the tokens: {Plural(live.Select(f => f.Secret).Distinct(StringComparer.Ordinal).Count(), "token")} live or not known to be dead " +
                     "(rows marked live, live-restricted or unknown above): those first.");
            }

            Line();
            Line("Only go on when the old credentials no longer work. Unpushed findings that never left this machine in another way need no " +
                 "rotation, but rotating costs little when in doubt.");
        }

        public void FixHead()
        {
            var atHead = facts.Findings.Where(f => f.PresentAtHead == true).ToList();
            Heading("Take the secrets out of the current code");
            if (atHead.Count == 0)
            {
                Line("No finding is still in the files at HEAD: nothing to change in the current code.");
            }
            else
            {
                Line("These are still in the files at HEAD. Change the code to read them from the environment or a secret store, commit, and push " +
                     $"this first: the purge would otherwise turn them into `{PurgeReplacement.Text}` in the code your application runs.");
                Line();
                foreach (var path in atHead.Select(f => f.Path).Distinct(StringComparer.Ordinal))
                {
                    Line($"- `{Inline(path)}`");
                }

                if (atHead.Any(f => f.Secret is null))
                {
                    Line();
                    Line("For a `.env` file: `git rm --cached <file>`, add it to `.gitignore`, and commit a template without values (`.env.example`).");
                }
            }

            Line();
            Line("Then ask everyone to stop pushing until the purge is done (the force-push below would overwrite their work, and a push of an " +
                 "old branch brings the secrets back).");
        }

        public void Remote(PushTarget target)
        {
            string backup = Path.Combine(facts.KitPath, $"backup-{target.FolderName}.git");
            string purge = Path.Combine(facts.KitPath, $"purge-{target.FolderName}.git");
            string url = ShellWords.Quote(target.Url);
            string local = target.IsLocalPath ? " --no-local" : string.Empty;
            string title = target.Name == PushTarget.ThisRepository ? "this repository" : $"`{target.Name}`";

            Heading($"Back up {title}");
            Line($"A mirror clone keeps every ref of {title} as it is now, in case the rewrite goes wrong. It holds the secrets: it stays in this folder and goes with it.");
            if (target.UrlHadCredentials)
            {
                Line("(The remote's URL held credentials; they are left out here, so git asks for them or uses your credential helper.)");
            }

            Commands($"git clone --mirror{local} {url} {ShellWords.Quote(backup)}");

            Heading($"Rewrite a fresh mirror clone of {title}");
            Line("git filter-repo works on a fresh clone (it refuses anything else). In one run it replaces every secret (in files and in commit " +
                 "messages) and removes the `.env` files, in every commit of every branch and tag, then expires the reflog and prunes the old objects.");
            Commands(
                $"git clone --mirror{local} {url} {ShellWords.Quote(purge)}",
                $"cd {ShellWords.Quote(purge)}",
                FilterRepo(force: false));

            Heading("Verify the rewritten clone");
            Line($"This must exit 0 (no Linq secret left in any commit). If it reports something, a secret was not written to `{ReplacementsFile.FileName}` " +
                 $"exactly as committed: run `linq-secret-scan purge-kit -C {ShellWords.Quote(purge)} -o <new folder>` and repeat the rewrite with that kit.");
            Commands(Scan(purge));

            Heading($"Force-push every affected ref to {title}");
            if (target.Branches.Count == 0 && target.Tags.Count == 0)
            {
                Line("No branch or tag of it was seen holding a finding (they may have been fetched only in part): push every branch and tag of the rewritten clone.");
            }
            else
            {
                Line($"Branches: {RefList(target.Branches)}. Tags: {RefList(target.Tags)}.");
            }

            Line();
            Line("Pushed by URL, with each ref named (a mirror clone refuses refspecs when pushed by remote name, and would also try to push " +
                 "read-only refs such as GitHub's `refs/pull/*`). Protected branches must allow a force-push for the moment.");
            var push = new List<string> { $"cd {ShellWords.Quote(purge)}" };
            if (target.Branches.Count > 0)
            {
                push.Add($"git push --force {url} {string.Join(' ', target.Branches.Select(ShellWords.Quote))}");
            }

            if (target.Tags.Count > 0 || target.Branches.Count == 0)
            {
                push.Add(target.Branches.Count == 0 ? $"git push --force {url} 'refs/heads/*:refs/heads/*' 'refs/tags/*:refs/tags/*'" : $"git push --force --tags {url}");
            }

            Commands([.. push]);
            if (target.OtherRefs.Count > 0)
            {
                Line($"Other refs of it hold findings too: {RefList(target.OtherRefs)}. Push those that the server accepts the same way (`git push --force {url} <ref>`).");
            }

            string check = Path.Combine(facts.KitPath, $"check-{target.FolderName}.git");
            Heading($"Verify {title} itself");
            Line("A new clone must scan clean. A branch someone pushed after your last fetch is not in the list above: if this reports one, push it " +
                 "from the rewritten clone too (`git push --force <url> refs/heads/<branch>`), or every branch and tag at once with " +
                 "`git push --force <url> 'refs/heads/*:refs/heads/*' 'refs/tags/*:refs/tags/*'`.");
            Commands($"git clone --mirror{local} {url} {ShellWords.Quote(check)}", Scan(check));
        }

        public void ThisClone(List<PushTarget> targets)
        {
            string backup = Path.Combine(facts.KitPath, "this-clone.tar.gz");
            string parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(facts.RepositoryPath)) ?? "/";
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(facts.RepositoryPath));
            Heading("Clean up this clone");
            Line($"`{facts.RepositoryPath}` still holds the old commits: in its branches and tags, its remote-tracking refs, its stash and its reflog. " +
                 "Rewrite it with the same kit: commits that the remote's rewrite also changed get the same new ids, so it matches the rewritten " +
                 "remote, and branches never pushed are cleaned too.");
            Line();
            Line("First commit your work to a branch (`git status` must show nothing: filter-repo ends with `git reset --hard`). Not to the " +
                 "stash: every stash entry but the newest lives in the reflog, which the rewrite expires. Keep a copy of the clone as it is, " +
                 "work tree, stash and reflog included:");
            Commands($"tar -C {ShellWords.Quote(parent)} -czf {ShellWords.Quote(backup)} {ShellWords.Quote(name)}");
            Line("Then rewrite it in place (`--force`: it is not a fresh clone). filter-repo turns remote-tracking branches of `origin` into " +
                 "local branches and removes the remote `origin`, so that nothing old is pushed by mistake; add the remotes back and fetch:");
            var lines = new List<string> { $"cd {Repository}", FilterRepo(force: true) };
            foreach (var (remoteName, url) in facts.Remotes)
            {
                string display = WithoutCredentials(url, facts.RepositoryPath).Url;
                lines.Add($"git remote get-url {ShellWords.Quote(remoteName)} >/dev/null 2>&1 || git remote add {ShellWords.Quote(remoteName)} {ShellWords.Quote(display)}");
                lines.Add($"git fetch --prune {ShellWords.Quote(remoteName)}");
            }

            lines.Add("git reflog expire --expire=now --all");
            lines.Add("git gc --prune=now");
            lines.Add($"linq-secret-scan history -C {Repository} --include-reflog");
            Commands([.. lines]);
            Line("The last command must exit 0: it also looks at the stash and the reflog.");
            if (targets.Count == 0)
            {
                Line();
                Line("Nothing was pushed: once this clone scans clean, push as usual; nobody else needs to do anything.");
            }
        }

        public void Collaborators(List<PushTarget> targets)
        {
            if (targets.Count == 0)
            {
                return;
            }

            Heading("What collaborators must do");
            Line("Everyone who has a clone still has the old commits, and one push of an old branch (or a merge of one) brings the secrets back. " +
                 "Tell them, after the force-push:");
            Line();
            Line("- Simplest: clone again, and delete the old clone once its unpushed work is moved over (`git format-patch` / `git am`, or " +
                 "cherry-pick onto the new history).");
            Line("- Or rewrite their clone with this kit exactly as in the step above (send them `replacements.txt` and `paths.txt` over a " +
                 "private channel, never by chat or e-mail in clear, and have them delete the files afterwards).");
            Line("- Never `git pull` (merge) the new history into an old branch: rebase their own commits onto it instead " +
                 "(`git rebase --onto <remote>/<branch> <old base> <their branch>`).");
            Line("- Open pull requests are built from old commits: close them and open new ones from rewritten branches.");
        }

        public void CleanUp(List<PushTarget> targets)
        {
            Heading("Clean up everywhere else");
            if (targets.Count > 0)
            {
                Line("- **The host**: GitHub, GitLab and others keep the old commits reachable from pull request refs (`refs/pull/*`, " +
                     "`refs/merge-requests/*`) and cached views after a force-push; those refs cannot be pushed. Ask the host's support to " +
                     "remove them and to run a garbage collection (GitHub documents this in \"Removing sensitive data from a repository\").");
                Line("- **Forks**: every fork keeps its own copy. Ask fork owners to delete their fork or re-create it from the rewritten repository.");
                Line("- **CI**: delete caches, artifacts and logs that hold a checkout or printed the secrets; rebuild container images, packages and " +
                     "deployments whose layers or archives contain the old files.");
                Line("- **Mirrors and backups** of the repository elsewhere: rewrite or delete them the same way.");
            }

            Line("- **Every clone** (this one included): stash entries and reflogs keep old commits until dropped; `git stash clear`, " +
                 "`git reflog expire --expire=now --all` and `git gc --prune=now` (as in the clean-up of this clone) drop them.");
            Line();
            Line($"Last, delete this folder: it holds the secrets{(targets.Count > 0 ? " and the backups" : string.Empty)}. Keep the backup only as long as you may need to undo the rewrite.");
            Commands($"rm -rf {Kit}");
        }

        private static string RefList(IReadOnlyList<string> refs) =>
            refs.Count == 0 ? "none" : string.Join(", ", refs.Select(r => $"`{Inline(r)}`"));

        private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

        private static string Others(int count) => count == 0 ? string.Empty : $", {Plural(count, "secret")} of custom rules";

        /// <summary>Text for a table cell: one line, no pipes, control characters escaped.</summary>
        private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

        private static string Inline(string text) => TextReporter.Printable(text).Replace("`", "'", StringComparison.Ordinal);
    }
}
