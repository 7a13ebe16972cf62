using System.Globalization;
using LinqSecretScan.Core;

namespace LinqSecretScan.Server;

/// <summary>What the pre-receive hook does when the scan cannot decide: refuse the push (the default) or accept it.</summary>
internal enum WhenUndecided
{
    Refuse,
    Accept,
}

/// <summary>The server's policy for the pre-receive hook, from the `linqsecretscan.*` keys of git's configuration as
/// `git config` reads it in the repository: `/etc/gitconfig` (or the server user's global file) sets it for every
/// repository, a repository's own config for that one, the later file winning key by key. Every key is checked: a
/// misspelt key or a bad value refuses pushes with a message naming it rather than silently meaning a default.
/// docs/server-hooks.md lists the keys.</summary>
internal sealed record ServerPolicy
{
    public const string Section = "linqsecretscan";

    /// <summary>30 s: far above what a push of ordinary size takes (bench/README.md), short enough that a client is not
    /// left hanging. GitHub Enterprise Server kills hooks after 5 s; set it below the server's own limit.</summary>
    public const double DefaultTimeoutSeconds = 30;

    /// <summary>The audit log's file name when `linqsecretscan.auditLog` is not set: in the repository's git
    /// directory.</summary>
    public const string DefaultAuditLogName = "linq-secret-scan-audit.log";

    public static ServerPolicy Default { get; } = new();

    /// <summary>The time budget of one push's scan; null: none.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>What a scan past its time budget does to the push.</summary>
    public WhenUndecided OnTimeout { get; init; } = WhenUndecided.Refuse;

    /// <summary>What a scan that cannot complete (an unreadable object, a bad config on the default branch, any
    /// error) does to the push.</summary>
    public WhenUndecided OnError { get; init; } = WhenUndecided.Refuse;

    /// <summary>Allow comments on pushed lines suppress findings (each is visible in review).</summary>
    public bool AllowComments { get; init; } = true;

    /// <summary>The repository's `.linqsecretscan.json` and `.linqsecretscanignore` count, as they are on its default
    /// branch.</summary>
    public bool RepositoryConfig { get; init; } = true;

    /// <summary>A push option `linq-secret-scan.bypass=REASON` lets a push with findings through, recorded in the audit
    /// log.</summary>
    public bool Bypass { get; init; }

    /// <summary>`linqsecretscan.auditLog` as given (null: <see cref="DefaultAuditLogName"/> in the git directory).</summary>
    public string? AuditLog { get; init; }

    /// <summary>The keys by their canonical names, as docs/server-hooks.md writes them.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["timeout", "onTimeout", "onError", "allowComments", "repositoryConfig", "bypass", "auditLog"];

    /// <summary>The policy from `git config --get-regexp` entries of the section (keys in git's lower-case form, a value
    /// of null for a key without `=`), the last value of a key winning as in git. A bad key or value is a
    /// <see cref="ScanException"/> naming it.</summary>
    public static ServerPolicy From(IEnumerable<KeyValuePair<string, string?>> entries)
    {
        var policy = Default;
        foreach (var (key, value) in entries)
        {
            string name = key.StartsWith(Section + ".", StringComparison.OrdinalIgnoreCase) ? key[(Section.Length + 1)..] : key;
            string shown = $"{Section}.{Keys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name}";
            policy = name.ToLowerInvariant() switch
            {
                "timeout" => policy with { Timeout = Seconds(shown, value) },
                "ontimeout" => policy with { OnTimeout = Action(shown, value) },
                "onerror" => policy with { OnError = Action(shown, value) },
                "allowcomments" => policy with { AllowComments = Bool(shown, value) },
                "repositoryconfig" => policy with { RepositoryConfig = Bool(shown, value) },
                "bypass" => policy with { Bypass = Bool(shown, value) },
                "auditlog" => policy with { AuditLog = string.IsNullOrWhiteSpace(value) ? throw Bad(shown, value, "a file path") : value },
                _ => throw new ScanException(
                    $"unknown server policy key {shown} in git's configuration (known: {string.Join(", ", Keys.Select(k => $"{Section}.{k}"))})"),
            };
        }

        return policy;
    }

    /// <summary>The audit log's path: `~/` is the server user's home (as git expands a path value), a relative path is
    /// relative to the repository's git directory.</summary>
    public string AuditLogPath(string gitDirectory, HostEnvironment host)
    {
        if (AuditLog is not { } configured)
        {
            return Path.Combine(gitDirectory, DefaultAuditLogName);
        }

        if (configured.StartsWith("~/", StringComparison.Ordinal) && host.Variable("HOME") is { } home)
        {
            return Path.Combine(home, configured[2..]);
        }

        return Path.GetFullPath(configured, gitDirectory);
    }

    private static TimeSpan? Seconds(string key, string? value)
    {
        if (value is null
            || !double.TryParse(value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds)
            || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw Bad(key, value, "a number of seconds (0 for no limit)");
        }

        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    private static WhenUndecided Action(string key, string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "refuse" => WhenUndecided.Refuse,
        "accept" => WhenUndecided.Accept,
        _ => throw Bad(key, value, "refuse or accept"),
    };

    /// <summary>A boolean as git reads one: a key without `=` is true; true/yes/on, false/no/off and integers (0 is false)
    /// in any case; an empty value is false.</summary>
    private static bool Bool(string key, string? value)
    {
        if (value is null)
        {
            return true;
        }

        string text = value.Trim().ToLowerInvariant();
        return text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" or "" => false,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) => number != 0,
            _ => throw Bad(key, value, "a boolean (true or false)"),
        };
    }

    private static ScanException Bad(string key, string? value, string expected) =>
        new($"bad value for {key} in git's configuration: '{value}' (expected {expected})");
}
