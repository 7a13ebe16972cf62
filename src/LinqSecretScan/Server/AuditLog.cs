using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LinqSecretScan.Core;
using LinqSecretScan.Sources.Git;

namespace LinqSecretScan.Server;

/// <summary>One decision of the pre-receive hook for the audit log: what was pushed, by whom, what was found (by
/// fingerprint and place, never the secret), and what happened.</summary>
internal sealed record AuditRecord(
    string Decision,
    string Repository,
    Pusher Pusher,
    IReadOnlyList<RefUpdate> Updates,
    IReadOnlyList<Finding> Findings,
    string? Reason = null,
    string? Problem = null);

/// <summary>The audit log: one JSON object per line, appended. Several pushes run their hooks at once, and .NET opens
/// files without O_APPEND (it seeks to the end, then writes at that offset), so each append holds `LOG.lock`, created
/// exclusively as git creates its own lock files; a lock left behind by a killed hook is taken over after 30 s.</summary>
internal static class AuditLog
{
    private static readonly TimeSpan StaleLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    /// <summary>Appends the record; an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the
    /// log cannot be written.</summary>
    public static void Append(string path, AuditRecord record, DateTimeOffset now)
    {
        byte[] line = Encode(record, now);
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        string lockPath = path + ".lock";
        AcquireLock(lockPath);
        try
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            File.Delete(lockPath);
        }
    }

    internal static byte[] Encode(AuditRecord record, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("decision", record.Decision);
            json.WriteString("repository", record.Repository);
            if (record.Pusher.Name is { } name)
            {
                json.WriteString("pusher", name);
            }
            else
            {
                json.WriteNull("pusher");
            }

            json.WriteStartObject("environment");
            foreach (var (variable, value) in record.Pusher.Variables)
            {
                json.WriteString(variable, value);
            }

            json.WriteEndObject();
            if (record.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            if (record.Problem is { } problem)
            {
                json.WriteString("problem", problem);
            }

            json.WriteStartArray("refs");
            foreach (var update in record.Updates)
            {
                json.WriteStartObject();
                json.WriteString("ref", update.Name);
                json.WriteString("old", update.OldId);
                json.WriteString("new", update.NewId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("findings");
            foreach (var finding in record.Findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                json.WriteString("path", finding.Path);
                if (finding.Line is long findingLine)
                {
                    json.WriteNumber("line", findingLine);
                }

                json.WriteString("commit", finding.Commit);
                json.WriteString("fingerprint", finding.Fingerprint);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Creates the lock file, which no other hook can create while it exists.</summary>
    private static void AcquireLock(string lockPath)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
                return;
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(lockPath) > StaleLock)
                {
                    File.Delete(lockPath);
                    continue;
                }

                if (waited.Elapsed > LockWait)
                {
                    throw new IOException($"{lockPath} is held by another hook for more than {LockWait.TotalSeconds:0} s");
                }

                Thread.Sleep(10);
            }
        }
    }
}
