using LinqSecretScan.Core;
using LinqSecretScan.Tests.Fixtures;
using Scanner = LinqSecretScan.Tests.Fixtures.Scanner;

namespace LinqSecretScan.Tests.Portability;

/// <summary>Windows and macOS concerns that can be shown on Linux: `\` never reaches a report path or a fingerprint,
/// CRLF changes nothing, and the hook template stays LF in any checkout.</summary>
public sealed class PathAndLineEndingTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void WindowsNativePaths_BecomeGitPaths()
    {
        Assert.Equal("src/config/.env", ReportPaths.FromNative(@"src\config\.env", '\\'));
    }

    [SkippableFact]
    public void OnUnix_ABackslashIsPartOfTheFileName_SoItKeepsItAndGetsItsOwnFingerprint()
    {
        Skip.If(OperatingSystem.IsWindows(), "a backslash is a separator on Windows");
        string secret = _secrets.LinqToken();

        Assert.Equal(@"a\b.txt", ReportPaths.FromNative(@"a\b.txt"));
        Assert.NotEqual(Fingerprints.Compute("linq-api-token", @"a\b.txt", secret), Fingerprints.Compute("linq-api-token", "a/b.txt", secret));
    }

    [Fact]
    public void Staged_FileInSubfolders_IsReportedWithForwardSlashes_InTextAndJson()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/Deep/Folder/app.py", $"TOKEN = '{_secrets.LinqToken()}'\n").StageAll();

        var (_, findings) = Scanner.Json(repo.Root, "staged");
        var text = Scanner.Run(repo.Root, "staged");

        Assert.Equal("src/Deep/Folder/app.py", Assert.Single(findings).GetProperty("path").GetString());
        Assert.Contains("  src/Deep/Folder/app.py:1:10  ", text.StdOut);
    }

    [Fact]
    public void Staged_SameSecretWithCrlfOrLf_HasTheSameSecretPlaceAndFingerprint()
    {
        string token = _secrets.LinqToken();
        using var lf = new TempGitRepo();
        using var crlf = new TempGitRepo();
        lf.Write("app.py", $"import os\nTOKEN = '{token}'\n").StageAll();
        crlf.Write("app.py", $"import os\r\nTOKEN = '{token}'\r\n").StageAll();

        var fromLf = Assert.Single(Scanner.Json(lf.Root, "staged", "--show-secrets").Findings);
        var fromCrlf = Assert.Single(Scanner.Json(crlf.Root, "staged", "--show-secrets").Findings);

        Assert.Equal(token, fromCrlf.GetProperty("secret").GetString());
        Assert.Equal(fromLf.GetProperty("line").GetInt32(), fromCrlf.GetProperty("line").GetInt32());
        Assert.Equal(fromLf.GetProperty("column").GetInt32(), fromCrlf.GetProperty("column").GetInt32());
        Assert.Equal(fromLf.GetProperty("fingerprint").GetString(), fromCrlf.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public void HookTemplate_IsCheckedOutWithLf_WhateverCoreAutocrlfSays()
    {
        var attribute = ProcessRunner.Run("git", ["check-attr", "eol", "--", "hooks/pre-commit"], RepositoryPaths.Root);

        Assert.Equal("hooks/pre-commit: eol: lf", attribute.StdOut.Trim());
        Assert.DoesNotContain((byte)'\r', File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "hooks", "pre-commit")));
    }
}
