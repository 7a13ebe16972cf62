using LinqSecretScan.Core;
using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Server;
using LinqSecretScan.Sources.Git;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Server;

/// <summary>The pieces of the server hook that need no server: the policy as git config gives it, git's list of
/// alternate object directories, push options, and free text with secrets in it.</summary>
public sealed class ServerPolicyTests
{
    private static ServerPolicy Policy(params (string Key, string? Value)[] entries) =>
        ServerPolicy.From(entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));

    [Fact]
    public void Defaults_FailClosed_AllowCommentsAndRepositoryConfigCount_NoBypass()
    {
        var policy = Policy();

        Assert.Equal(TimeSpan.FromSeconds(30), policy.Timeout);
        Assert.Equal(WhenUndecided.Refuse, policy.OnTimeout);
        Assert.Equal(WhenUndecided.Refuse, policy.OnError);
        Assert.True(policy.AllowComments);
        Assert.True(policy.RepositoryConfig);
        Assert.False(policy.Bypass);
    }

    [Fact]
    public void Values_AreReadAsGitReadsThem_TheLastOneWinning()
    {
        var policy = Policy(
            ("linqsecretscan.timeout", "4.5"),
            ("linqsecretscan.ontimeout", "ACCEPT"),
            ("linqsecretscan.allowcomments", "off"),
            ("linqsecretscan.allowcomments", "yes"),
            ("linqsecretscan.repositoryconfig", "0"),
            ("linqsecretscan.bypass", null),
            ("linqsecretscan.auditlog", "/var/log/lss.log"));

        Assert.Equal(TimeSpan.FromSeconds(4.5), policy.Timeout);
        Assert.Equal(WhenUndecided.Accept, policy.OnTimeout);
        Assert.True(policy.AllowComments);
        Assert.False(policy.RepositoryConfig);
        Assert.True(policy.Bypass);
        Assert.Equal("/var/log/lss.log", policy.AuditLogPath("/srv/git/x.git", new HostEnvironment("/", [])));
    }

    [Fact]
    public void TimeoutZero_IsNoLimit()
    {
        Assert.Null(Policy(("linqsecretscan.timeout", "0")).Timeout);
    }

    [Theory]
    [InlineData("linqsecretscan.timeout", "-1", "a number of seconds")]
    [InlineData("linqsecretscan.timeout", "5s", "a number of seconds")]
    [InlineData("linqsecretscan.onerror", "maybe", "refuse or accept")]
    [InlineData("linqsecretscan.bypass", "sure", "a boolean")]
    [InlineData("linqsecretscan.auditlog", "", "a file path")]
    [InlineData("linqsecretscan.allowcomment", "true", "unknown server policy key linqsecretscan.allowcomment")]
    public void BadKeysAndValues_AreErrorsNamingThem(string key, string value, string expected)
    {
        var ex = Assert.Throws<ScanException>(() => Policy((key, value)));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void AuditLog_RelativeToTheGitDirectory_TildeToHome_DefaultInTheGitDirectory()
    {
        var host = new HostEnvironment("/", [new("HOME", "/home/git")]);

        Assert.Equal("/srv/git/x.git/linq-secret-scan-audit.log", Policy().AuditLogPath("/srv/git/x.git", host));
        Assert.Equal("/srv/git/x.git/logs/audit.log", Policy(("linqsecretscan.auditlog", "logs/audit.log")).AuditLogPath("/srv/git/x.git", host));
        Assert.Equal("/home/git/audit.log", Policy(("linqsecretscan.auditlog", "~/audit.log")).AuditLogPath("/srv/git/x.git", host));
    }

    [Theory]
    [InlineData("/a/objects:/b/objects", new[] { "/a/objects", "/b/objects" })]
    [InlineData("/a/objects::", new[] { "/a/objects" })]
    [InlineData("\"/with:colon/objects\":/b", new[] { "/with:colon/objects", "/b" })]
    [InlineData("\"/tab\\there\\\"q\\\"\"", new[] { "/tab\there\"q\"" })]
    [InlineData("\"/octal\\303\\251\"", new[] { "/octal\u00e9" })]
    public void AlternateObjectDirectories_AreSplitAsGitSplitsThem(string value, string[] expected)
    {
        Assert.Equal(expected, Quarantine.SplitAlternates(value));
    }

    [Fact]
    public void Quarantine_FromGitsEnvironment_ListsTheQuarantineThenTheAlternates()
    {
        var host = new HostEnvironment("/srv/git/x.git", [
            new("GIT_QUARANTINE_PATH", "/srv/git/x.git/./objects/tmp_objdir-incoming-abc"),
            new("GIT_OBJECT_DIRECTORY", "/srv/git/x.git/./objects/tmp_objdir-incoming-abc"),
            new("GIT_ALTERNATE_OBJECT_DIRECTORIES", "/srv/git/x.git/./objects"),
        ]);

        var quarantine = Quarantine.From(host);

        Assert.NotNull(quarantine);
        Assert.Equal(["/srv/git/x.git/objects/tmp_objdir-incoming-abc", "/srv/git/x.git/objects"], quarantine.ObjectDirectories);
    }

    [Fact]
    public void PushOptions_TakeTheBypassAndItsReason()
    {
        var host = new HostEnvironment("/", [
            new("GIT_PUSH_OPTION_COUNT", "3"),
            new("GIT_PUSH_OPTION_0", "ci.skip"),
            new("GIT_PUSH_OPTION_1", "linq-secret-scan.bypass=  a fixture, reviewed by Sam  "),
            new("GIT_PUSH_OPTION_2", "other=1"),
        ]);

        var options = PushOptions.From(host);

        Assert.True(options.BypassRequested);
        Assert.Equal("a fixture, reviewed by Sam", options.BypassReason);
        Assert.Equal(new PushOptions(false, null), PushOptions.From(new HostEnvironment("/", [new("GIT_PUSH_OPTION_COUNT", "0")])));
        Assert.Equal(new PushOptions(true, null), PushOptions.From(new HostEnvironment("/", [new("GIT_PUSH_OPTION_COUNT", "1"), new("GIT_PUSH_OPTION_0", "linq-secret-scan.bypass")])));
    }

    [Fact]
    public void SecretText_RedactsWhatTheDetectorFinds_AndPrefixedValues_AndCuts()
    {
        var secrets = new TestSecrets();
        string token = secrets.LinqToken();
        string webhook = secrets.WebhookSecret();
        var detector = new Detector(RuleLoader.BuiltIn);

        string reason = SecretText.Redact($"rotated {token} and {webhook}\nalready; LINQ_API_KEY={secrets.Alnum(40)} too", detector, maxLength: 500);
        string cut = SecretText.Redact(new string('x', 600), detector, maxLength: 500);

        Assert.DoesNotContain(token, reason);
        Assert.DoesNotContain(webhook, reason);
        Assert.Contains(token[..9] + "\u2026", reason);
        Assert.DoesNotContain('\n', reason);
        Assert.DoesNotMatch("LINQ_API_KEY=[A-Za-z0-9]{8}", reason);
        Assert.Equal(500, cut.Length);
    }
}
