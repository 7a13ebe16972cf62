using System.Text;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hostile;

/// <summary>Text built to hurt a scanner: one enormous line, keywords by the million, unbounded-looking values,
/// deep nesting. Each scan must end (a generous hang guard, not a speed test: speed is in bench/hostile.sh) and
/// must still find the token planted after the hostile part, so a scanner that gave up quietly cannot pass.</summary>
public sealed class PathologicalTextTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly TestSecrets _secrets = new();

    public static TheoryData<string> Shapes => ["3 MB single line", "a million linq_", "LINQ_API_KEY= repeated", "Bearer and megabytes of letters", "100k levels of nested JSON"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Dir_PathologicalText_EndsWithinTheHangGuard_AndStillFindsTheTokenAfterIt(string shape)
    {
        using var folder = new TempGitRepo(init: false);
        string token = _secrets.LinqToken();
        string hostile = Hostile(shape);
        bool sameLine = shape == "3 MB single line";
        folder.Write("hostile.txt", sameLine ? $"{hostile} {token}\n" : $"{hostile}\n{token}\n");

        var result = Scanner.RunWithin(HangGuard, folder.Root, null, "dir", "--format", "json", "--show-secrets");

        var finding = Assert.Single(Scanner.ParseFindings(result));
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(token, finding.GetProperty("secret").GetString());
        Assert.Equal(sameLine ? 1 : hostile.Count(c => c == '\n') + 2, finding.GetProperty("line").GetInt32());
        Assert.Equal(sameLine ? hostile.Length + 2 : 1, finding.GetProperty("column").GetInt32());
    }

    /// <summary>The hostile part is not a token: raw random letters, not drawn again until they look like one (checking
    /// megabytes for that took minutes).</summary>
    private string Hostile(string shape) => shape switch
    {
        "3 MB single line" => _secrets.RawAlnum(3_000_000),
        "a million linq_" => Repeat("linq" + "_", 1_000_000),
        "LINQ_API_KEY= repeated" => Repeat("LINQ_API_KEY=", 300_000),
        "Bearer and megabytes of letters" => "Authorization: Bearer " + new string('a', 2_000_000) + _secrets.RawAlnum(2_000_000),
        _ => Repeat("{\"linq\": ", 100_000) + "1" + new string('}', 100_000),
    };

    private static string Repeat(string unit, int count) => new StringBuilder(unit.Length * count).Insert(0, unit, count).ToString();
}
