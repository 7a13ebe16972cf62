using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>File names are bytes a committer chose: newlines, quotes, tabs, escape sequences, non-ASCII, leading
/// dashes, paths near PATH_MAX. JSON reports them verbatim, SARIF percent-encodes them into a valid URI, and the
/// text report escapes control characters so a name cannot forge report lines or terminal sequences.</summary>
public sealed class FileNameTests
{
    private static readonly string[] OddNames =
    [
        "new\nline.txt",
        "quote\"d 'it'.txt",
        "tab\there.txt",
        "esc\u001b[31mred.txt",
        "\u00fcn\u00efc\u00f8d\u00e9-\u65e5\u672c.txt",
        "-leading-dash.txt",
        "--help",
        "back\\slash.txt",
        "percent%41 #hash?.txt",
        "sp ace/in dir/file name.txt",
    ];

    private readonly TestSecrets _secrets = new();

    [SkippableFact]
    public void Staged_OddFileNames_AreReportedVerbatimInJson_PercentEncodedInSarif_AndEscapedInText()
    {
        Skip.If(OperatingSystem.IsWindows(), "these names are not valid on Windows");
        using var repo = new TempGitRepo();
        string[] names = [.. OddNames, LongPath()];
        foreach (var name in names)
        {
            repo.Write(name, $"t = {_secrets.LinqToken()}\n");
        }

        repo.StageAll();

        var json = Scanner.Run(repo.Root, "staged", "--format", "json");
        var sarif = Scanner.Run(repo.Root, "staged", "--format", "sarif");
        var text = Scanner.Run(repo.Root, "staged");

        Assert.Equal(names.Order(StringComparer.Ordinal), Scanner.ParseFindings(json).Select(f => f.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
        using var sarifDoc = JsonDocument.Parse(sarif.StdOut);
        var uris = sarifDoc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!)
            .ToList();
        Assert.All(uris, uri => Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Relative), uri));
        Assert.Equal(names.Order(StringComparer.Ordinal), uris.Select(Uri.UnescapeDataString).Order(StringComparer.Ordinal));
        Assert.Equal(1, text.ExitCode);
        Assert.DoesNotContain('\u001b', text.StdOut);
        Assert.DoesNotContain('\t', text.StdOut);
        Assert.Contains("new\\nline.txt:1:5", text.StdOut);
        Assert.Contains("tab\\there.txt:1:5", text.StdOut);
        Assert.Contains("esc\\x1b[31mred.txt:1:5", text.StdOut);
    }

    [SkippableFact]
    public void Dir_OddFileNames_OutsideGit_AreReportedVerbatim()
    {
        Skip.If(OperatingSystem.IsWindows(), "these names are not valid on Windows");
        using var folder = new TempGitRepo(init: false);
        string[] names = [.. OddNames, LongPath()];
        foreach (var name in names)
        {
            folder.Write(name, $"t = {_secrets.LinqToken()}\n");
        }

        var (result, findings) = Scanner.Json(folder.Root, "dir");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(names.Order(StringComparer.Ordinal), findings.Select(f => f.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void History_InARepositoryWhoseOwnPathHasUriSpecialCharacters_WritesValidSarif()
    {
        Skip.If(OperatingSystem.IsWindows(), "these names are not valid on Windows");
        using var parent = new TempGitRepo(init: false);
        string root = parent.PathOf("odd #%? r\u00f6\u00f6t");
        Directory.CreateDirectory(root);
        ProcessRunner.Run("git", ["init", "-q", "-b", "main"], root);
        File.WriteAllText(Path.Combine(root, "a.txt"), $"t = {_secrets.LinqToken()}\n");
        ProcessRunner.Run("git", ["add", "-A"], root);
        ProcessRunner.Run("git", ["commit", "-q", "-m", "x"], root);

        var result = Scanner.Run(root, "history", "--format", "sarif");

        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        string baseUri = doc.RootElement.GetProperty("runs")[0].GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
        Assert.Equal(root + "/", new Uri(baseUri).LocalPath);
    }

    /// <summary>A relative path of about 3,900 bytes: with the temp folder in front, close to Linux's PATH_MAX (4096).</summary>
    private static string LongPath() =>
        string.Join('/', Enumerable.Range(0, 19).Select(i => $"{i:D2}" + new string('d', 198))) + "/long.txt";
}
