using LinqSecretScan.Core;

namespace LinqSecretScan.Server;

/// <summary>Who pushes, as far as the server says: git itself does not know, so each server passes its own variables
/// to the hook. What is set of these is recorded in the audit log; <see cref="Name"/> is the first that names a user.</summary>
/// <param name="Name">The user, or null when no variable names one.</param>
/// <param name="Variables">Every variable of <see cref="Known"/> that is set, in that order.</param>
internal sealed record Pusher(string? Name, IReadOnlyList<KeyValuePair<string, string>> Variables)
{
    /// <summary>The variables servers set for hooks (docs/server-hooks.md says which server sets which), user names
    /// first, in the order a name is taken from them.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "GL_USERNAME",        // GitLab
        "GITEA_PUSHER_NAME",  // Gitea and Forgejo
        "GL_USER",            // gitolite
        "BB_USER_NAME",       // Bitbucket Data Center hook scripts (and the External Hooks app)
        "STASH_USER_NAME",    // the External Hooks app, older versions
        "BB_USER_DISPLAY_NAME",
        "REMOTE_USER",        // smart HTTP behind a web server that authenticated the user
        "USER",               // ssh to an account of its own
        "LOGNAME",
        "GL_ID",              // GitLab: user-<id> or key-<id>
        "GL_PROJECT_PATH",
        "GL_REPOSITORY",
        "GL_PROTOCOL",
        "GITEA_PUSHER_ID",
        "GITEA_PUSHER_EMAIL",
        "GITEA_REPO_USER_NAME",
        "GITEA_REPO_NAME",
        "GITEA_REPO_ID",
        "GITEA_KEY_ID",
        "GITEA_DEPLOY_KEY_ID",
        "GITEA_PR_ID",
        "GITEA_INTERNAL_PUSH",
        "BB_USER_EMAIL",
        "BB_USER_PERMISSION",
        "BB_HOOK_TRIGGER_ID",
        "BB_PROJECT_KEY",
        "BB_REPO_SLUG",
        "REMOTE_ADDR",        // smart HTTP, git daemon
        "REMOTE_PORT",        // git daemon
        "SSH_CLIENT",         // ssh: address and ports
    ];

    private static readonly HashSet<string> NameVariables =
        new(["GL_USERNAME", "GITEA_PUSHER_NAME", "GL_USER", "BB_USER_NAME", "STASH_USER_NAME", "BB_USER_DISPLAY_NAME", "REMOTE_USER", "USER", "LOGNAME"], StringComparer.Ordinal);

    public static Pusher From(HostEnvironment host)
    {
        var variables = Known
            .Select(name => (Name: name, Value: host.Variable(name)))
            .Where(v => v.Value is not null)
            .Select(v => new KeyValuePair<string, string>(v.Name, Clean(v.Value!)))
            .ToList();
        string? name = variables.FirstOrDefault(v => NameVariables.Contains(v.Key)).Value;
        return new Pusher(name, variables);
    }

    /// <summary>One printable line of at most 200 characters: these values reach a log file.</summary>
    internal static string Clean(string value)
    {
        var chars = value.Where(c => !char.IsControl(c)).Take(200).ToArray();
        return new string(chars);
    }
}
