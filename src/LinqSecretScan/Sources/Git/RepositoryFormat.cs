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
/// <param name="Quarantine">Set while git runs a pre-receive hook: pushed objects are only in the quarantine
/// directory, which LibGit2Sharp cannot be told about.</param>
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

/// <summary>git's quarantine during a pre-receive hook: the pushed objects in `GIT_QUARANTINE_PATH` (also
/// `GIT_OBJECT_DIRECTORY`), the repository's own as alternates (`GIT_ALTERNATE_OBJECT_DIRECTORIES`). Only git itself
/// reads objects through these variables.</summary>
internal sealed record Quarantine(string? QuarantinePath, string? ObjectDirectory, string? AlternateObjectDirectories)
{
    public static Quarantine? From(HostEnvironment host)
    {
        var quarantine = new Quarantine(
            host.Variable("GIT_QUARANTINE_PATH"),
            host.Variable("GIT_OBJECT_DIRECTORY"),
            host.Variable("GIT_ALTERNATE_OBJECT_DIRECTORIES"));
        return quarantine is { QuarantinePath: null, ObjectDirectory: null, AlternateObjectDirectories: null } ? null : quarantine;
    }
}
