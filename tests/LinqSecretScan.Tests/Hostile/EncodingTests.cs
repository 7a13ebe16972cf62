using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>Encodings the existing staged tests do not cover: Latin-1, lone carriage returns among CRLF and LF,
/// junk without a NUL, and the BOM-less or UTF-32 forms. Columns count UTF-16 code units of the decoded text, lines
/// end at \n as they do for git.</summary>
public sealed class EncodingTests
{
    private readonly TestSecrets _secrets = new();

    [Fact]
    public void Staged_Latin1File_IsDecodedWithReplacementCharacters_AndTheSecretIsFoundAtTheRightColumn()
    {
        using var repo = new TempGitRepo();
        string value = _secrets.Alnum(40);
        repo.WriteBytes("legacy.ini", Encoding.Latin1.GetBytes($"caf\u00e9 = 1\nr\u00e9sum\u00e9 LINQ_TOKEN=\"{value}\"\n")).Stage("legacy.ini");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal(value, finding.GetProperty("secret").GetString());
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
        Assert.Equal(20, finding.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Staged_MixedLineEndings_LinesEndAtLineFeeds_SoALoneCarriageReturnDoesNotShiftLineNumbers()
    {
        using var repo = new TempGitRepo();
        repo.GitOk("config", "core.autocrlf", "false");
        string first = _secrets.Alnum(40), second = _secrets.Alnum(40);
        repo.Write("mixed.txt", $"one\r\ntwo\nthree\rLINQ_API_KEY={first}\r\nfour\n\nLINQ_TOKEN: {second}\r\n").Stage("mixed.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(
            [(first, 3, 20), (second, 6, 13)],
            findings.Select(f => (f.GetProperty("secret").GetString(), f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32())));
    }

    [Fact]
    public void Staged_JunkWithoutANul_IsScannedAsText_AndATokenInsideItIsFound()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        var junk = new byte[64 * 1024];
        new Random(11).NextBytes(junk);
        for (int i = 0; i < junk.Length; i++)
        {
            junk[i] = junk[i] is 0 or (byte)'\n' or (byte)'_' or (byte)'=' ? (byte)0xFF : junk[i];
        }

        byte[] content = [.. junk[..40_000], (byte)'\n', .. Encoding.ASCII.GetBytes(token), (byte)'\n', .. junk[40_000..]];
        repo.WriteBytes("blob.dat", content).Stage("blob.dat");

        var result = Scanner.Run(repo.Root, "staged", "--format", "json", "--show-secrets");

        var finding = Assert.Single(Scanner.ParseFindings(result));
        Assert.Equal(token, finding.GetProperty("secret").GetString());
        Assert.Equal((2, 1), (finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32()));
        Assert.Contains("\"binaryFilesSkipped\": 0", result.StdOut);
    }

    [Fact]
    public void Staged_BinaryWithItsFirstNulAfter8000Bytes_IsText_LikeGitSaysIt()
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        byte[] content = [.. Encoding.ASCII.GetBytes(new string('x', 9000)), 0, 0, (byte)'\n', .. Encoding.ASCII.GetBytes(token), (byte)'\n'];
        repo.WriteBytes("late-nul.bin", content).Stage("late-nul.bin");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        Assert.Equal(token, Assert.Single(findings).GetProperty("secret").GetString());
    }

    [Theory]
    [InlineData("utf-16be-nobom")]
    [InlineData("utf-32le-bom")]
    [InlineData("utf-32be-bom")]
    public void Staged_MoreEncodings_TokenIsFound_AtTheRightLineAndColumn(string encoding)
    {
        using var repo = new TempGitRepo();
        string token = _secrets.LinqToken();
        string text = $"first line\r\n  key: {token}\r\n";
        byte[] bytes = encoding switch
        {
            "utf-16be-nobom" => Encoding.BigEndianUnicode.GetBytes(text),
            "utf-32le-bom" => [0xFF, 0xFE, 0, 0, .. new UTF32Encoding(false, false).GetBytes(text)],
            _ => [0, 0, 0xFE, 0xFF, .. new UTF32Encoding(true, false).GetBytes(text)],
        };
        repo.WriteBytes("enc.txt", bytes).Stage("enc.txt");

        var (_, findings) = Scanner.Json(repo.Root, "staged", "--show-secrets");

        var finding = Assert.Single(findings);
        Assert.Equal(token, finding.GetProperty("secret").GetString());
        Assert.Equal((2, 8), (finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32()));
    }
}
