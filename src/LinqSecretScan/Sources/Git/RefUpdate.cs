using System.Text.RegularExpressions;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>One line git gives a pre-receive hook on standard input: <c>&lt;old&gt; SP &lt;new&gt; SP &lt;ref&gt;</c>. An old
/// id of zeros creates the ref, a new id of zeros deletes it.</summary>
internal sealed partial record RefUpdate(string OldId, string NewId, string Name)
{
    public bool IsDeletion => IsZero(NewId);

    public bool IsCreation => IsZero(OldId);

    /// <summary>The lines of standard input; a line that is not an update is a <see cref="ScanException"/> naming
    /// it (this is not git talking).</summary>
    public static IReadOnlyList<RefUpdate> Parse(TextReader input)
    {
        var updates = new List<RefUpdate>();
        int number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var match = UpdateLine().Match(line);
            if (!match.Success || match.Groups["old"].Length != match.Groups["new"].Length)
            {
                throw new ScanException(
                    $"standard input line {number} is not '<old id> <new id> <ref>' as git gives a pre-receive hook (run it as one)");
            }

            updates.Add(new RefUpdate(match.Groups["old"].Value.ToLowerInvariant(), match.Groups["new"].Value.ToLowerInvariant(), match.Groups["ref"].Value));
        }

        return updates;
    }

    private static bool IsZero(string id) => id.All(c => c == '0');

    [GeneratedRegex(@"^(?<old>[0-9a-fA-F]{40}|[0-9a-fA-F]{64}) (?<new>[0-9a-fA-F]{40}|[0-9a-fA-F]{64}) (?<ref>\S[^\r\n]{0,4095})$", RegexOptions.CultureInvariant)]
    private static partial Regex UpdateLine();
}
