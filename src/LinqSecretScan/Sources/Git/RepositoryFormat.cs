using LibGit2Sharp;
using GitConfiguration = LibGit2Sharp.Configuration;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>The hash a repository names its objects by (`extensions.objectFormat`).</summary>
internal enum ObjectFormat
{
    Sha1,
    Sha256,
}

/// <summary>What a repository is, learned once from its configuration, its files and git's environment, before
/// anything reads it: which of the ways to read git (<see cref="GitAccess"/>) can read it follows from this, never
/// from an error message.</summary>
/// <param name="ObjectFormat">`extensions.objectFormat` of the repository's own configuration (git reads the
/// extensions from nowhere else).</param>
/// <param name="IsBare">No work tree, so no index to stage into.</param>
/// <param name="PromisorRemotes">A partial clone's remotes that promise the objects it did not fetch
/// (`remote.NAME.promisor`, `extensions.partialClone`).</param>
/// <param name="Quarantine">Object directories git's environment adds: set while git runs a pre-receive hook, when
/// the pushed objects are only in the quarantine directory.</param>
internal sealed record RepositoryFormat(ObjectFormat ObjectFormat, bool IsBare, IReadOnlyList<string> PromisorRemotes, Quarantine? Quarantine)
{
    public bool IsPartialClone => PromisorRemotes.Count > 0;

    public static RepositoryFormat Read(GitLocation location, HostEnvironment host)
    {
        string configFile = Path.Combine(location.CommonDirectory, "config");
        var objectFormat = ObjectFormat.Sha1;
        var promisors = new List<string>();
        bool bare = location.WorkTree is null;
        if (File.Exists(configFile))
        {
            try
            {
                using var config = GitConfiguration.BuildFrom(configFile);
                objectFormat = config.Get<string>("extensions.objectformat", ConfigurationLevel.Local)?.Value?.ToLowerInvariant() switch
                {
                    null or "sha1" => ObjectFormat.Sha1,
                    "sha256" => ObjectFormat.Sha256,
                    var other => throw new ScanException($"the git repository at {location.OpenPath} uses the object format '{other}', which git itself does not know"),
                };

                if (config.Get<string>("extensions.partialclone", ConfigurationLevel.Local)?.Value is { Length: > 0 } partialClone)
                {
                    promisors.Add(partialClone);
                }

                foreach (var entry in config.Find(@"^remote\..*\.promisor$", ConfigurationLevel.Local))
                {
                    string remote = entry.Key["remote.".Length..^".promisor".Length];
                    if (IsTrue(entry.Value) && !promisors.Contains(remote, StringComparer.Ordinal))
                    {
                        promisors.Add(remote);
                    }
                }

                if (location.WorkTree is null && config.Get<bool>("core.bare", ConfigurationLevel.Local) is { Value: false })
                {
                    bare = false;
                }
            }
            catch (LibGit2SharpException ex)
            {
                throw new ScanException($"cannot read the configuration of the git repository at {location.OpenPath} ({configFile}): {ex.Message.ReplaceLineEndings(" ").Trim()}", ex);
            }
        }

        return new RepositoryFormat(objectFormat, bare, promisors, Quarantine.From(host));
    }

    private static bool IsTrue(string value) => value.ToLowerInvariant() is "true" or "yes" or "on" or "1";
}

/// <summary>Object directories git reads besides the repository's own, from its environment: during a pre-receive hook
/// the pushed objects are only in `GIT_QUARANTINE_PATH` (which git also sets as `GIT_OBJECT_DIRECTORY`), with the
/// repository's own objects as an alternate (`GIT_ALTERNATE_OBJECT_DIRECTORIES`). Only git itself reads these
/// variables; LibGit2Sharp and libgit2 open the repository's `objects` folder, so <see cref="GitAccess"/> hands libgit2
/// these directories as alternates.</summary>
/// <param name="QuarantinePath">`GIT_QUARANTINE_PATH`: set while git runs the pre-receive hook.</param>
/// <param name="ObjectDirectories">`GIT_OBJECT_DIRECTORY`, then each entry of `GIT_ALTERNATE_OBJECT_DIRECTORIES`, as
/// absolute paths, in git's order.</param>
internal sealed record Quarantine(string? QuarantinePath, IReadOnlyList<string> ObjectDirectories)
{
    public static Quarantine? From(HostEnvironment host)
    {
        var directories = new List<string>();
        if (host.Variable("GIT_OBJECT_DIRECTORY") is { } objectDirectory)
        {
            directories.Add(host.FullPath(objectDirectory));
        }

        if (host.Variable("GIT_ALTERNATE_OBJECT_DIRECTORIES") is { } alternates)
        {
            directories.AddRange(SplitAlternates(alternates, Path.PathSeparator).Select(host.FullPath));
        }

        string? quarantine = host.Variable("GIT_QUARANTINE_PATH");
        return quarantine is null && directories.Count == 0
            ? null
            : new Quarantine(quarantine is null ? null : host.FullPath(quarantine), directories.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>`GIT_ALTERNATE_OBJECT_DIRECTORIES` as git reads it: entries separated by `:` (`;` on Windows), an entry
    /// that starts with `"` in C quoting (so it may hold the separator), empty entries skipped.</summary>
    internal static List<string> SplitAlternates(string value, char separator = ':')
    {
        var entries = new List<string>();
        int i = 0;
        while (i < value.Length)
        {
            if (value[i] == separator)
            {
                i++;
                continue;
            }

            if (value[i] == '"' && Unquote(value, i) is var (unquoted, end) && unquoted is not null)
            {
                entries.Add(unquoted);
                i = end;
                continue;
            }

            int next = value.IndexOf(separator, i);
            entries.Add(next < 0 ? value[i..] : value[i..next]);
            i = next < 0 ? value.Length : next;
        }

        return entries;
    }

    /// <summary>A C-quoted string starting at <paramref name="start"/> (git's unquote_c_style): the text and the index
    /// after the closing quote, or null when it is not a well-formed quoted string (git then takes it as it is).</summary>
    private static (string? Text, int End) Unquote(string value, int start)
    {
        var bytes = new List<byte>();
        int i = start + 1;
        while (i < value.Length)
        {
            char c = value[i++];
            if (c == '"')
            {
                return (System.Text.Encoding.UTF8.GetString(bytes.ToArray()), i);
            }

            if (c != '\\')
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            if (i >= value.Length)
            {
                return (null, i);
            }

            char escaped = value[i++];
            switch (escaped)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case >= '0' and <= '3' when i + 1 < value.Length && value[i] is >= '0' and <= '7' && value[i + 1] is >= '0' and <= '7':
                    bytes.Add((byte)(((escaped - '0') << 6) | ((value[i] - '0') << 3) | (value[i + 1] - '0')));
                    i += 2;
                    break;
                default:
                    return (null, i);
            }
        }

        return (null, i);
    }
}
