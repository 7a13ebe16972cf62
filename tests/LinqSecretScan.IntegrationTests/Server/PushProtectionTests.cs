using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Server;

/// <summary>The pre-receive hook on real git servers on loopback (git daemon, and lighttpd with git-http-backend),
/// installed by `install --hook pre-receive`, with real `git push` from a client: what a push brings is judged, the
/// server's refs and objects stay as they were when it is refused, and the pusher is told why. Every case runs on
/// both servers: the hook's environment (who the pusher is, how git hands over the quarantine) is each server's own.</summary>
public sealed class PushProtectionTests(GitServersFixture servers) : IClassFixture<GitServersFixture>
{
    private readonly TestSecrets _secrets = new();

    public static TheoryData<string, string> KindsAndSecrets()
    {
        var data = new TheoryData<string, string>();
        foreach (string kind in (string[])[GitServer.Daemon, GitServer.Http])
        {
            foreach (string secret in (string[])["token", "webhook secret", ".env file"])
            {
                data.Add(kind, secret);
            }
        }

        return data;
    }

    private ServerRepository Repo(string kind) => new(servers.Get(kind));

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void CleanPush_IsAccepted(string kind)
    {
        using var repo = Repo(kind);
        string head = repo.Commit("first", ("README.md", "hello\n"), ("src/app.py", "import os\nkey = os.environ['LINQ_API_KEY']\n"));

        var push = repo.PushAccepted("main");

        Assert.Equal(head, repo.RefOnServer("refs/heads/main"));
        Assert.Contains("no Linq secrets in the push", push.StdErr);
    }

    [Theory]
    [MemberData(nameof(KindsAndSecrets))]
    public void EachKindOfSecret_IsRefused_TheRefStays_AndThePushedObjectsAreGone(string kind, string secretKind)
    {
        using var repo = Repo(kind);
        string start = repo.Commit("start", ("README.md", "hello\n"));
        repo.PushAccepted("main");
        string token = _secrets.LinqToken();
        string webhook = _secrets.WebhookSecret();
        var (path, content, secret, ruleId, where) = secretKind switch
        {
            "token" => ("config/settings.py", $"import os\nLINQ_API_KEY = \"{token}\"\n", token, "linq-api-token", "config/settings.py:2:17"),
            "webhook secret" => ("server.js", $"// webhooks\nconst LINQ_WEBHOOK_SECRET = \"{webhook}\";\n", webhook, "linq-webhook-secret", "server.js:2:"),
            _ => ("deploy/.env", "DEBUG=1\n", null, "linq-env-file", "deploy/.env"),
        };
        string bad = repo.Commit("add configuration", (path, content));
        string blob = repo.Client.Git("rev-parse", $"{bad}:{path}").StdOut.Trim();

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains("[remote rejected]", push.StdOut);
        Assert.Contains("linq-secret-scan: push refused", push.StdErr);
        Assert.Contains(ruleId, push.StdErr);
        Assert.Contains(where, push.StdErr);
        Assert.Contains($"commit {bad[..12]} \"add configuration\" (refs/heads/main)", push.StdErr);
        Assert.Contains("git commit --amend", push.StdErr);
        Assert.Contains("rotate it", push.StdErr);
        Assert.Contains("fingerprint ", push.StdErr);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, push.StdOut + push.StdErr);
            Assert.Contains(secret[..(secret.IndexOf('_') + 5)] + "\u2026", push.StdErr);
        }

        Assert.Equal(start, repo.RefOnServer("refs/heads/main"));
        Assert.False(repo.ServerHas(bad), $"the refused commit {bad} is still on the server");
        Assert.False(repo.ServerHas(blob), $"the refused blob {blob} is still on the server");
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void NewBranch_IsJudgedOnlyByItsNewCommits(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit("an old leak, there before the hook", ("old.txt", _secrets.LinqToken() + "\n"));
        repo.Policy("linqsecretscan.bypass", "true");
        repo.PushAccepted("-o", "linq-secret-scan.bypass=imported before the hook", "main");
        repo.Client.GitOk("checkout", "-q", "-b", "feature");
        string clean = repo.Commit("clean work", ("feature.txt", "clean\n"));

        var push = repo.PushAccepted("feature");

        Assert.Equal(clean, repo.RefOnServer("refs/heads/feature"));
        Assert.Contains("1 new commit", push.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void TokenAlreadyOnTheServer_AddedAgainOnAnotherBranch_IsRefused(string kind)
    {
        using var repo = Repo(kind);
        string token = _secrets.LinqToken();
        repo.Commit("start", ("README.md", "hello\n"));
        repo.Client.GitOk("checkout", "-q", "-b", "legacy");
        repo.Commit("legacy leak", ("legacy.txt", token + "\n"));
        repo.Policy("linqsecretscan.bypass", "true");
        repo.PushAccepted("-o", "linq-secret-scan.bypass=legacy import", "main", "legacy");
        repo.Client.GitOk("checkout", "-q", "main");
        repo.Commit("same token, new place", ("legacy.txt", token + "\n"));

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains("legacy.txt:1:1", push.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void Tags_LightweightAndAnnotated_OnANewCommitWithAToken_AreRefused_OnAnExistingCommit_Accepted(string kind)
    {
        using var repo = Repo(kind);
        string start = repo.Commit("start", ("README.md", "hello\n"));
        repo.PushAccepted("main");
        repo.Client.GitOk("tag", "v1-light");
        repo.Client.GitOk("tag", "-a", "-m", "release 1", "v1");
        repo.PushAccepted("v1-light", "v1");
        repo.Client.GitOk("checkout", "-q", "--detach");
        string leak = repo.Commit("leak on a tag only", ("tagged.txt", _secrets.LinqToken() + "\n"));
        repo.Client.GitOk("tag", "v2-light");
        repo.Client.GitOk("tag", "-a", "-m", "release 2", "v2");

        var light = repo.Push("v2-light");
        var annotated = repo.Push("v2");

        Assert.Equal(start, repo.RefOnServer("refs/tags/v1"));
        Assert.Equal(start, repo.RefOnServer("refs/tags/v1-light"));
        Assert.True(light.ExitCode != 0, light.ToString());
        Assert.True(annotated.ExitCode != 0, annotated.ToString());
        Assert.Contains("tagged.txt:1:1", light.StdErr);
        Assert.Contains("tagged.txt:1:1", annotated.StdErr);
        Assert.Contains($"commit {leak[..12]}", annotated.StdErr);
        Assert.Contains("refs/tags/v2", annotated.StdErr);
        Assert.Null(repo.RefOnServer("refs/tags/v2"));
        Assert.Null(repo.RefOnServer("refs/tags/v2-light"));
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void Deletion_BringsNothing_AndIsAccepted(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit("leak", ("leak.txt", _secrets.LinqToken() + "\n"));
        repo.Policy("linqsecretscan.bypass", "true");
        repo.PushAccepted("-o", "linq-secret-scan.bypass=fixture", "main:doomed");

        var delete = repo.PushAccepted("--delete", "doomed");

        Assert.Null(repo.RefOnServer("refs/heads/doomed"));
        Assert.DoesNotContain("push refused", delete.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void ForcePush_OfARewrittenCommitWithAToken_IsRefused_BackToAnExistingCommit_IsAccepted(string kind)
    {
        using var repo = Repo(kind);
        string first = repo.Commit("first", ("a.txt", "a\n"));
        string second = repo.Commit("second", ("b.txt", "b\n"));
        repo.PushAccepted("main");
        repo.Client.Write("b.txt", $"b\n{_secrets.LinqToken()}\n").StageAll();
        repo.Client.GitOk("commit", "-q", "--amend", "--no-verify", "-m", "second, rewritten");

        var rewritten = repo.Push("--force", "main");
        repo.Client.GitOk("reset", "-q", "--hard", first);
        var back = repo.PushAccepted("--force", "main");

        Assert.True(rewritten.ExitCode != 0, rewritten.ToString());
        Assert.Contains("b.txt:2:1", rewritten.StdErr);
        Assert.Contains("no Linq secrets in the push (0 new commits", back.StdErr);
        Assert.Equal(first, repo.RefOnServer("refs/heads/main"));
        Assert.True(repo.ServerHas(second));
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void SecretAddedAndRemovedInsideOnePush_IsRefused(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit("start", ("README.md", "hello\n"));
        repo.PushAccepted("main");
        string added = repo.Commit("add a key", ("app.env.json", $"{{ \"LINQ_API_KEY\": \"{_secrets.LinqToken()}\" }}\n"));
        repo.Commit("remove it again", ("app.env.json", "{ \"LINQ_API_KEY\": null }\n"));

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains($"commit {added[..12]} \"add a key\"", push.StdErr);
        Assert.Contains("a later commit that deletes it is not enough", push.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void AllowComments_CountByDefault_AndNotWhenTheServerTurnsThemOff(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit("fixture", ("tests/fixture.py", $"LINQ_API_KEY = \"{_secrets.LinqToken()}\"  # linq-secret-scan:allow test fixture\n"));
        repo.Policy("linqsecretscan.allowComments", "false");
        var off = repo.Push("main");
        repo.Policy("linqsecretscan.allowComments", "true");
        var on = repo.PushAccepted("main");

        Assert.True(off.ExitCode != 0, off.ToString());
        Assert.Contains("tests/fixture.py:1:", off.StdErr);
        Assert.DoesNotContain("linq-secret-scan:allow in a comment", off.StdErr);
        Assert.Contains("1 suppressed (1 by allow comment)", on.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void AConfigThatExcludesEverything_ArrivingInThePush_DoesNotCount(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit(
            "exclude everything, and a token",
            (".linqsecretscan.json", "{ \"exclude\": [\"**\"] }\n"),
            (".linqsecretscanignore", "# nothing to see\n"),
            ("deploy/prod.py", $"LINQ_TOKEN = \"{_secrets.LinqToken()}\"\n"));

        var push = repo.Push("main");

        Assert.True(push.ExitCode != 0, push.ToString());
        Assert.Contains("deploy/prod.py:1:", push.StdErr);
        Assert.Null(repo.RefOnServer("refs/heads/main"));
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void SuppressionFiles_OnTheDefaultBranch_Count(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit("start", ("README.md", "hello\n"), (".linqsecretscan.json", "{ \"exclude\": [\"vendor/**\"] }\n"));
        repo.PushAccepted("main");
        repo.Client.GitOk("checkout", "-q", "-b", "feature");
        string token = _secrets.LinqToken();
        repo.Commit("a known test value, and vendored code", ("tests/known.py", $"LINQ_API_KEY = \"{token}\"\n"), ("vendor/lib.py", $"LINQ_API_KEY = \"{_secrets.LinqToken()}\"\n"));
        var refused = repo.Push("feature");
        string fingerprint = System.Text.RegularExpressions.Regex.Match(refused.StdErr, "fingerprint ([0-9a-f]{32})").Groups[1].Value;
        repo.Client.GitOk("checkout", "-q", "main");
        repo.Commit("accept the test value", (".linqsecretscanignore", $"{fingerprint}  # a test value, reviewed\n"));
        repo.PushAccepted("main");
        repo.Client.GitOk("checkout", "-q", "feature");

        var accepted = repo.PushAccepted("feature");

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.DoesNotContain("vendor/lib.py", refused.StdErr);
        Assert.Contains("tests/known.py:1:", refused.StdErr);
        Assert.Contains("1 by ignore file", accepted.StdErr);
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void TimeBudget_PastIt_RefusesByDefault_AndAcceptsWhenThePolicySays(string kind)
    {
        using var repo = Repo(kind);
        repo.Commit("start", ("README.md", "hello\n"));
        repo.Policy("linqsecretscan.timeout", "0.001");
        var refused = repo.Push("main");
        repo.Policy("linqsecretscan.onTimeout", "accept");
        var accepted = repo.PushAccepted("main");

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("ran past its time budget", refused.StdErr);
        Assert.Contains("linqsecretscan.timeout", refused.StdErr);
        Assert.Contains("accepts such pushes unscanned (linqsecretscan.onTimeout = accept)", accepted.StdErr);
        var audit = File.ReadAllLines(Path.Combine(repo.GitDirectory, "linq-secret-scan-audit.log"));
        Assert.Contains(audit, l => l.Contains("\"decision\":\"refused-past-time-budget\"", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains("\"decision\":\"accepted-past-time-budget\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GitServer.Kinds), MemberType = typeof(GitServer))]
    public void Bypass_IsOffByDefault_AndWhenOn_IsRecordedWithWhoAndWhy_WithoutTheSecret(string kind)
    {
        using var repo = Repo(kind);
        string token = _secrets.LinqToken();
        string leak = repo.Commit("leak", ("leak.txt", token + "\n"));
        string auditLog = Path.Combine(repo.Server.Folder, $"audit-{repo.Name}.log");
        var off = repo.Push("-o", "linq-secret-scan.bypass=please", "main");
        repo.Policy("linqsecretscan.bypass", "true").Policy("linqsecretscan.auditLog", auditLog);
        var noReason = repo.Push("-o", "linq-secret-scan.bypass", "main");

        var on = repo.PushAccepted("-o", $"linq-secret-scan.bypass=revoked already, see ticket 42 ({token})", "main");

        Assert.True(off.ExitCode != 0, off.ToString());
        Assert.Contains("this server does not allow a bypass", off.StdErr);
        Assert.True(noReason.ExitCode != 0, noReason.ToString());
        Assert.Contains("a bypass needs a reason", noReason.StdErr);
        Assert.Equal(leak, repo.RefOnServer("refs/heads/main"));
        Assert.Contains("push accepted with 1 Linq secret: bypassed by", on.StdErr);
        var bypass = File.ReadAllLines(auditLog).Single(l => l.Contains("\"decision\":\"bypassed\"", StringComparison.Ordinal));
        using var record = System.Text.Json.JsonDocument.Parse(bypass);
        if (kind == GitServer.Http)
        {
            Assert.Equal(GitServer.HttpUser, record.RootElement.GetProperty("pusher").GetString());
            Assert.Equal(GitServer.HttpUser, record.RootElement.GetProperty("environment").GetProperty("REMOTE_USER").GetString());
        }

        Assert.Equal("127.0.0.1", record.RootElement.GetProperty("environment").GetProperty("REMOTE_ADDR").GetString());
        Assert.StartsWith("revoked already, see ticket 42 (linq_", record.RootElement.GetProperty("reason").GetString());
        Assert.Equal("linq-api-token", record.RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString());
        Assert.Equal(leak, record.RootElement.GetProperty("findings")[0].GetProperty("commit").GetString());
        Assert.DoesNotContain(token, File.ReadAllText(auditLog));
        Assert.DoesNotContain(token, on.StdErr);
    }
}
