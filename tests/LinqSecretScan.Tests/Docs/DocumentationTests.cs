using System.Text.RegularExpressions;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Docs;

/// <summary>The documentation's links lead somewhere: every relative link names a file or folder of this repository,
/// and every #anchor a heading of the page it points at. The README stays a page for users.</summary>
public sealed partial class DocumentationTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (string page in MarkdownFiles())
        {
            pages.Add(page);
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLink_LeadsToAFileAndHeadingThatExist(string page)
    {
        string full = Path.Combine(RepositoryPaths.Root, page);
        var broken = new List<string>();
        foreach (Match link in Link().Matches(WithoutCodeBlocks(File.ReadAllText(full))))
        {
            string target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = target.Split('#', 2);
            string file = parts[0].Length == 0 ? full : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, parts[0]));
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                broken.Add($"{target}: no such file");
            }
            else if (parts.Length == 2 && File.Exists(file) && !Anchors(file).Contains(parts[1]))
            {
                broken.Add($"{target}: no heading #{parts[1]} in {Path.GetFileName(file)}");
            }
        }

        Assert.True(broken.Count == 0, $"{page}: {string.Join("; ", broken)}");
    }

    [Fact]
    public void Readme_IsAtMost250Lines_AndStartsWithTheMainJobAndTheTestCommand()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        var commands = lines.SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1).Take(2).ToList();

        Assert.InRange(lines.Length, 1, 250);
        Assert.StartsWith("dotnet run --project src/LinqSecretScan -c Release -- staged", commands[0]);
        Assert.StartsWith("dotnet test LinqSecretScan.sln", commands[1]);
    }

    /// <summary>The Markdown files git tracks (or would add), outside generated folders.</summary>
    private static IEnumerable<string> MarkdownFiles()
    {
        var listed = ProcessRunner.Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.md"], RepositoryPaths.Root);
        return listed.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => File.Exists(Path.Combine(RepositoryPaths.Root, p)))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>GitHub's anchors: each heading lower-cased, punctuation other than '-' and '_' dropped, spaces as '-'.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in WithoutCodeBlocks(File.ReadAllText(file)).Split('\n'))
        {
            if (Heading().Match(line) is { Success: true } heading)
            {
                string text = heading.Groups["text"].Value.Trim().ToLowerInvariant();
                anchors.Add(new string([.. text.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')]).Replace(' ', '-'));
            }
        }

        return anchors;
    }

    private static string WithoutCodeBlocks(string markdown) => CodeBlock().Replace(markdown, string.Empty);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
