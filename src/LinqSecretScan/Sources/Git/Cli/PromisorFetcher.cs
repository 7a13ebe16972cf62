using System.ComponentModel;
using System.Text;
using LibGit2Sharp;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>A partial clone's missing blobs, fetched in batches from the repository's own promisor remotes, before the
/// scan reads them: what git does for itself (promisor-remote.c, fetch_objects), with one
/// `git fetch REMOTE --no-tags --no-write-fetch-head --recurse-submodules=no --filter=blob:none --stdin` per batch of
/// up to <see cref="BatchSize"/> object ids rather than one process per blob (git's lazy fetch, which the readers turn
/// off with GIT_NO_LAZY_FETCH where git knows it). Only the remotes the repository's configuration names as promisors
/// (<see cref="RepositoryFormat.PromisorRemotes"/>, read once) are asked, in that order, never a URL from anywhere
/// else; git's own rules for that remote apply (the `ext::` transport stays refused, no password prompt). The only
/// command the scanner runs that writes to the repository: a pack of the fetched blobs, as `git log -p` would. What
/// cannot be fetched stays missing: its read then fails, names the blob and the scan exits 2.</summary>
internal sealed class PromisorFetcher(GitCli git, IReadOnlyList<string> remotes, Func<ObjectId, bool> isPresent, List<string> problems)
{
    /// <summary>Object ids per `git fetch`.</summary>
    public const int BatchSize = 2000;

    /// <summary>Items held back while their blobs are fetched, at most; a batch is fetched when it has this many items
    /// or <see cref="BatchSize"/> missing blobs.</summary>
    public const int HeldItems = 8 * BatchSize;

    private bool _unreachable;

    /// <summary>Blobs fetched, and `git fetch` runs, for the statistics and the tests.</summary>
    public long BlobsFetched { get; private set; }

    public long Fetches { get; private set; }

    public void AddStatistics(IDictionary<string, long> counts)
    {
        counts["fetch.blobs"] = BlobsFetched;
        counts["fetch.runs"] = Fetches;
    }

    /// <summary><paramref name="items"/> in their order, each passed on once the blobs it names (its content and the
    /// versions it replaces) are in the repository or could not be fetched.</summary>
    public IEnumerable<ScanItem> Fetched(IEnumerable<ScanItem> items, ScanProgress progress)
    {
        var held = new List<ScanItem>();
        var missing = new HashSet<ObjectId>();
        foreach (var item in items)
        {
            Note(item.Content, missing);
            foreach (var previous in item.PreviousVersions)
            {
                Note(previous, missing);
            }

            if (missing.Count == 0)
            {
                yield return item;
                continue;
            }

            held.Add(item);
            if (missing.Count >= BatchSize || held.Count >= HeldItems)
            {
                Fetch(missing, progress);
                foreach (var ready in held)
                {
                    yield return ready;
                }

                held.Clear();
                missing.Clear();
            }
        }

        if (held.Count > 0)
        {
            Fetch(missing, progress);
            foreach (var ready in held)
            {
                yield return ready;
            }
        }
    }

    /// <summary>Fetches those of <paramref name="ids"/> that are missing, in batches.</summary>
    public void FetchMissing(IEnumerable<ObjectId> ids, ScanProgress? progress)
    {
        var missing = new HashSet<ObjectId>();
        foreach (var id in ids)
        {
            if (!missing.Contains(id) && !isPresent(id))
            {
                missing.Add(id);
                if (missing.Count >= BatchSize)
                {
                    Fetch(missing, progress);
                    missing.Clear();
                }
            }
        }

        if (missing.Count > 0)
        {
            Fetch(missing, progress);
        }
    }

    private void Note(ContentRef content, HashSet<ObjectId> missing)
    {
        if (content is BlobRef blob && !missing.Contains(blob.Id) && !isPresent(blob.Id))
        {
            missing.Add(blob.Id);
        }
    }

    private void Fetch(HashSet<ObjectId> missing, ScanProgress? progress)
    {
        if (_unreachable || missing.Count == 0)
        {
            return;
        }

        long started = progress?.Timestamp() ?? 0;
        var failures = new List<string>();
        foreach (string remote in remotes)
        {
            Fetches++;
            if (FetchFrom(remote, missing) is not { } failure)
            {
                BlobsFetched += missing.Count;
                progress?.Timed(ScanPhase.Fetch, started);
                return;
            }

            failures.Add($"'{remote}': {failure}");
        }

        // The remote is not there (offline, moved): every later batch would fail the same way, slowly. The reads of
        // these blobs fail and name them; this says why.
        _unreachable = true;
        const int Named = 20;
        string ids = string.Join(", ", missing.Take(Named).Select(id => id.Sha)) + (missing.Count > Named ? $" and {missing.Count - Named} more" : string.Empty);
        problems.Add($"cannot fetch {missing.Count} missing blobs of this partial clone ({ids}) from its promisor remote {string.Join("; ", failures)}; blobs needed later are not fetched either");
        progress?.Timed(ScanPhase.Fetch, started);
    }

    /// <summary>null when git fetched the objects; otherwise what went wrong.</summary>
    private string? FetchFrom(string remote, HashSet<ObjectId> ids)
    {
        System.Diagnostics.Process? process;
        try
        {
            process = git.Start(
                ["-c", "fetch.negotiationAlgorithm=noop", "fetch", remote, "--quiet", "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no", "--filter=blob:none", "--stdin"],
                environment: Quiet);
        }
        catch (Win32Exception ex)
        {
            return $"git could not be started ({ex.Message})";
        }

        if (process is null)
        {
            return "git could not be started";
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            try
            {
                var input = new StringBuilder(ids.Count * 41);
                foreach (var id in ids)
                {
                    input.Append(id.Sha).Append('\n');
                }

                process.StandardInput.Write(input.ToString());
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // git ended before it read the ids: its exit code and message say why.
            }

            process.WaitForExit();
            output.Wait();
            if (process.ExitCode == 0)
            {
                return null;
            }

            string message = error.Result.Trim();
            return message.Length == 0 ? $"git fetch exited with {process.ExitCode}" : GitCli.FirstLine(message.Replace("fatal: ", string.Empty, StringComparison.Ordinal));
        }
    }

    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_NO_LAZY_FETCH"] = "1",
    };
}
