using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Purge;

/// <summary>What a purge leaves where a secret was (this kit's LINQ-SECRET-REMOVED, filter-repo's and BFG's default
/// ***REMOVED***) is never reported, even on a line whose name is a Linq credential.</summary>
public sealed class PurgeReplacementTests
{
    [Theory]
    [InlineData("LINQ_API_KEY=LINQ-SECRET-REMOVED")]
    [InlineData("LINQ_API_KEY=\"***REMOVED***\"")]
    [InlineData("LINQ_API_V3_API_KEY=***REMOVED***")]
    [InlineData("X-LINQ-INTEGRATION-TOKEN: LINQ-SECRET-REMOVED")]
    [InlineData("LINQ_WEBHOOK_SECRET=LINQ-SECRET-REMOVED")]
    [InlineData("curl -H \"Authorization: Bearer LINQ-SECRET-REMOVED\" https://api.linqapp.com/api/partner/v3/chats")]
    [InlineData("const linqApiKey = \"LINQ-SECRET-REMOVED\";")]
    [InlineData("{\"linq\": {\"token\": \"LINQ-SECRET-REMOVED\"}}")]
    [InlineData("LINQ_TOKEN=prefix-LINQ-SECRET-REMOVED")]
    public void ThePurgeReplacement_IsNotReported(string line)
    {
        using var folder = new TempGitRepo(init: false);
        folder.Write("config.txt", line + "\n");

        var result = Scanner.Run(folder.Root, "dir");

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
