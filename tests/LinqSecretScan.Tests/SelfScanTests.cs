using LinqSecretScan.Detection;
using LinqSecretScan.Rules;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests;

/// <summary>The project passes its own scanner: every tracked file of this repository, through the detector,
/// yields nothing. Test secrets are generated at run time, never written down.</summary>
public sealed class SelfScanTests
{
    [Fact]
    public void EveryTrackedFileOfThisRepository_HasNoFindings()
    {
        string root = RepositoryPaths.Root;
        var files = ProcessRunner.Run("git", ["ls-files", "-z"], root).StdOut
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(files);
        var detector = new Detector(RuleLoader.BuiltIn);
        var env = RuleLoader.BuiltIn.EnvFile;

        var problems = new List<string>();
        foreach (var file in files)
        {
            string full = Path.Combine(root, file);
            if (!File.Exists(full))
            {
                continue;
            }

            if (env.Matches(file))
            {
                problems.Add($"{file}: .env-style file is tracked");
            }

            var decoded = TextDecoder.Decode(File.ReadAllBytes(full));
            if (decoded is null)
            {
                continue;
            }

            problems.AddRange(detector.Detect(file, decoded.Text).Select(d => $"{file}: {d.Rule.Name} at offset {d.Offset}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
