using System.Text;
using System.Text.Json;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Sources;

/// <summary>`staged` against real repositories: what the next commit adds, and nothing else.</summary>
public sealed class StagedScanTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void Staged_TokenInNewFile_IsReported_WithPathLineColumnAndRedactedSecret()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("src/app.py", $"import os\n\nclient = make(token=\"{token}\")\n").Stage("src/app.py");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(findings);
        Assert.Equal("linq-api-token", finding.GetProperty("ruleId").GetString());
        Assert.Equal("src/app.py", finding.GetProperty("path").GetString());
        Assert.Equal(3, finding.GetProperty("line").GetInt32());
        Assert.Equal(22, finding.GetProperty("column").GetInt32());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("commit").ValueKind);
        Assert.Equal(token[..9] + "\u2026", finding.GetProperty("secret").GetString());
        Assert.Equal("not-checked", finding.GetProperty("verification").GetString());
        Assert.Matches("^[0-9a-f]{32}$", finding.GetProperty("fingerprint").GetString());
        Assert.DoesNotContain(token, result.StdOut + result.StdErr);
    }

    [Fact]
    public void Staged_ShowSecrets_PrintsTheWholeSecret()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("a.txt", token + "\n").Stage("a.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(token, Assert.Single(findings).GetProperty("secret").GetString());
    }

    [Fact]
    public void Staged_NothingStaged_IsClean_ExitZero()
    {
        using var repo = new TempGitRepo();
        repo.Write("README.md", "hello\n").Stage("README.md");
        repo.Commit();
        repo.Write("untracked.txt", _secrets.LinqToken());

        var result = Scanner.Run(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no Linq secrets", result.StdOut);
    }

    [Fact]
    public void Staged_TokenOnlyInWorkingTree_IsNotReported()
    {
        using var repo = new TempGitRepo();
        repo.Write("config.js", "module.exports = {};\n").Stage("config.js");
        repo.Write("config.js", $"module.exports = {{ token: '{_secrets.LinqToken()}' }};\n");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [Fact]
    public void Staged_PartiallyStagedFile_TheIndexContentCounts_NotTheWorkingTree()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        repo.Write("settings.py", $"TOKEN = '{token}'\n").Stage("settings.py");
        repo.Write("settings.py", "TOKEN = os.environ['LINQ_TOKEN']\n");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(token, Assert.Single(findings).GetProperty("secret").GetString());
    }

    [Fact]
    public void Staged_FirstCommit_UnbornHead_EverythingStagedIsNew()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.env.example", "LINQ_API_KEY=your-key-here\n")
            .Write("b.yaml", $"LINQ_API_KEY: {_secrets.Alnum(40)}\n")
            .StageAll();

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("b.yaml", Assert.Single(findings).GetProperty("path").GetString());
    }

    [Fact]
    public void Staged_ModifiedFile_ReportsOnlyTheNewSecret_NotOneAlreadyCommitted()
    {
        using var repo = new TempGitRepo();
        string old = _secrets.LinqToken(), added = _secrets.LinqToken();
        repo.Write("a.txt", $"first\nold = {old}\nlast\n").Stage("a.txt");
        repo.Commit();
        repo.Write("a.txt", $"first\nold = {old}\nnew = {added}\nlast\n").Stage("a.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal(added, finding.GetProperty("secret").GetString());
        Assert.Equal(3, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Staged_ModifiedFile_UnrelatedEditNextToAnOldSecret_IsClean()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", $"one\ntoken = {_secrets.LinqToken()}\nthree\n").Stage("a.txt");
        repo.Commit();
        repo.Write("a.txt", "zero\n" + File.ReadAllText(repo.PathOf("a.txt")) + "four\n").Stage("a.txt");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [Fact]
    public void Staged_RenamedFile_OnlyWhatIsNewInItIsReported()
    {
        using var repo = new TempGitRepo();
        string old = _secrets.LinqToken(), added = _secrets.LinqToken();
        var body = new StringBuilder();
        for (int i = 0; i < 30; i++)
        {
            body.Append("line ").Append(i).Append('\n');
        }

        repo.Write("old/name.txt", $"token = {old}\n{body}").Stage("old/name.txt");
        repo.Commit();
        Directory.CreateDirectory(repo.PathOf("new"));
        repo.GitOk("mv", "old/name.txt", "new/name.txt");
        repo.Write("new/name.txt", $"token = {old}\n{body}extra = {added}\n").Stage("new/name.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal("new/name.txt", finding.GetProperty("path").GetString());
        Assert.Equal(added, finding.GetProperty("secret").GetString());
    }

    [Fact]
    public void Staged_DeletedFile_ReportsNothing()
    {
        using var repo = new TempGitRepo();
        repo.Write("secret.txt", _secrets.LinqToken() + "\n").Write(".env", "X=1\n").StageAll();
        repo.Commit();
        repo.GitOk("rm", "-q", "secret.txt", ".env");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [Fact]
    public void Staged_Submodule_IsSkipped()
    {
        using var sub = new TempGitRepo();
        sub.Write("inner.txt", _secrets.LinqToken() + "\n").StageAll();
        sub.Commit();
        using var repo = new TempGitRepo();
        repo.GitOk("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Root, "vendor/sub");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [SkippableFact]
    public void Staged_Symlink_IsSkipped()
    {
        Skip.If(OperatingSystem.IsWindows(), "symlinks need privileges on Windows");

        using var repo = new TempGitRepo();
        string fakeTarget = "linq" + "_" + _secrets.Alnum(32);
        File.CreateSymbolicLink(repo.PathOf("link"), fakeTarget);
        repo.Stage("link");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [Fact]
    public void Staged_GitAttributesBinaryOrMinusDiff_DoNotHideATextFile()
    {
        using var repo = new TempGitRepo();
        repo.Write(".gitattributes", "*.cfg binary\n*.dat -diff\n")
            .Write("a.cfg", $"LINQ_API_KEY={_secrets.Alnum(32)}\n")
            .Write("b.dat", $"token {_secrets.LinqToken()}\n")
            .StageAll();

        var (_, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(["a.cfg", "b.dat"], findings.Select(f => f.GetProperty("path").GetString()).Order());
    }

    [Fact]
    public void Staged_RealBinaryFile_IsSkippedAndCounted()
    {
        using var repo = new TempGitRepo();
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;
        repo.WriteBytes("image.png", bytes).Stage("image.png");

        var result = Scanner.Run(repo.Root, "staged", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("scan").GetProperty("binaryFilesSkipped").GetInt32());
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le-nobom")]
    public void Staged_Encodings_TokenIsFound_AtTheRightLineAndColumn(string encoding)
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        string text = $"first line\r\n  key: {token}\r\n";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "utf-16le-bom" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => Encoding.Unicode.GetBytes(text),
        };
        repo.WriteBytes("enc.txt", bytes).Stage("enc.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal(token, finding.GetProperty("secret").GetString());
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
        Assert.Equal(8, finding.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Staged_TokenBetweenInvalidUtf8Bytes_IsStillFound()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        byte[] bytes = [0xFF, 0xFE, 0xC3, (byte)' ', .. Encoding.ASCII.GetBytes(token), 0xFF, 0x80, (byte)'\n', 0xE9, (byte)'t', (byte)'\n'];
        repo.WriteBytes("broken.txt", bytes).Stage("broken.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(token, Assert.Single(findings).GetProperty("secret").GetString());
    }

    [Fact]
    public void Staged_CrlfFile_SecretHasNoCarriageReturn_AndLinesAreNotShifted()
    {
        using var repo = new TempGitRepo();
        string value = _secrets.Alnum(40);
        repo.GitOk("config", "core.autocrlf", "false");
        repo.Write("win.env.txt", $"# settings\r\n\r\nLINQ_API_KEY={value}\r\nOTHER=1\r\n").Stage("win.env.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal(value, finding.GetProperty("secret").GetString());
        Assert.Equal(3, finding.GetProperty("line").GetInt32());
        Assert.Equal(14, finding.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Staged_RunFromASubfolder_FindsTheRepositoryRoot_AndReportsRootRelativePaths()
    {
        using var repo = new TempGitRepo();
        repo.Write("deep/er/x.txt", _secrets.LinqToken() + "\n").StageAll();

        var (_, findings) = Scanner.Json(repo.PathOf("deep/er"), "staged");

        Assert.Equal("deep/er/x.txt", Assert.Single(findings).GetProperty("path").GetString());
    }

    [Fact]
    public void Staged_WithDashC_ScansThatRepository()
    {
        using var repo = new TempGitRepo();
        repo.Write("x.txt", _secrets.LinqToken() + "\n").StageAll();

        var (_, findings) = Scanner.Json(Path.GetTempPath(), "staged", "-C", repo.PathOf("."));

        Assert.Single(findings);
    }

    [Fact]
    public void Staged_HonoursGitIndexFile()
    {
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "clean\n").Stage("a.txt");
        repo.Commit();
        string token = _secrets.LinqToken();
        repo.Write("a.txt", $"clean\n{token}\n");
        string tempIndex = Path.Combine(repo.Root, ".git", "temp-index");
        File.Copy(Path.Combine(repo.Root, ".git", "index"), tempIndex);
        var env = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = tempIndex };
        Assert.Equal(0, repo.Git(env, "add", "a.txt").ExitCode);

        var withEnv = Scanner.Run(repo.Root, env, "staged", "--format", "json", "--show-secrets");
        var withoutEnv = Scanner.Run(repo.Root, "staged", "--format", "json");

        Assert.Equal(token, Assert.Single(Scanner.ParseFindings(withEnv)).GetProperty("secret").GetString());
        Assert.Empty(Scanner.ParseFindings(withoutEnv));
    }

    [Fact]
    public void Staged_EnvFileForceAddedPastGitignore_IsReported_ButATemplateIsNot()
    {
        using var repo = new TempGitRepo();
        repo.Write(".gitignore", ".env*\n!.env.example\n").Write(".env", "DEBUG=1\n").Write(".env.example", "LINQ_API_KEY=\n")
            .Write("config/prod.env", "A=b\n");
        repo.GitOk("add", "-f", ".env", "config/prod.env");
        repo.Stage(".gitignore", ".env.example");

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(1, result.ExitCode);
        Assert.All(findings, f => Assert.Equal("linq-env-file", f.GetProperty("ruleId").GetString()));
        Assert.Equal([".env", "config/prod.env"], findings.Select(f => f.GetProperty("path").GetString()).Order());
        Assert.All(findings, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("line").ValueKind));
    }

    [Fact]
    public void Staged_EnvFileWithAToken_IsReportedTwice_FileAndToken()
    {
        using var repo = new TempGitRepo();
        repo.Write(".env", $"LINQ_API_KEY={_secrets.Alnum(32)}\n");
        repo.GitOk("add", "-f", ".env");

        var (_, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(["linq-api-token", "linq-env-file"], findings.Select(f => f.GetProperty("ruleId").GetString()).Order());
    }

    [Fact]
    public void Staged_CSharpLinqCode_IsNotReported()
    {
        using var repo = new TempGitRepo();
        var code = new StringBuilder("using System;\nusing System.Linq;\nusing System.Linq.Expressions;\n\nnamespace LinqApp;\n\n");
        for (int i = 0; i < 2000; i++)
        {
            code.Append($"public static class LinqExtensions{i} {{ public static int Sum{i}(int[] xs) => xs.Where(x => x > {i}).Select(x => x * 2).Sum(); /* LINQ to Objects */ }}\n");
        }

        repo.Write("src/LinqApp/Extensions.cs", code.ToString()).StageAll();

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(findings);
    }

    [Fact]
    public void Staged_PlaceholdersAndReferences_AreNotReported()
    {
        using var repo = new TempGitRepo();
        repo.Write("deploy.yml", "env:\n  LINQ_API_KEY: ${{ secrets.LINQ_API_KEY }}\n  LINQ_TOKEN: $LINQ_TOKEN\n")
            .Write("app.js", "const client = new LinqAPIV3({ apiKey: process.env.LINQ_API_V3_API_KEY });\n")
            .Write("app.py", "api_key = os.environ[\"LINQ_API_KEY\"]\n")
            .Write("README.md", "Set `LINQ_API_KEY=<your token>` or `LINQ_API_KEY=YOUR_TOKEN`; never `changeme` or `***`.\n")
            .Write("settings.ini", "[linq]\napi_key =\n")
            .StageAll();

        var (result, findings) = Scanner.Json(repo.Root, "staged");

        Assert.True(findings.Count == 0, result.StdOut);
    }
}
