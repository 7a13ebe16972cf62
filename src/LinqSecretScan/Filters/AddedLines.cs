using LinqSecretScan.Detection;
using LinqSecretScan.Scanning;
using LinqSecretScan.Sources;

namespace LinqSecretScan.Filters;

/// <summary>Decides which lines of a new file version are new compared with the versions it replaces.</summary>
/// <remarks>
/// Like `git diff`, the common head and tail are unchanged. In between, a line is unchanged when an equal line
/// (ignoring a trailing \r) is still available in the old middle; surplus copies of a line count as new. So a line
/// that only moved is not new (git would show it as removed and added, but it adds no secret), and converting
/// CRLF to LF adds nothing. With several previous versions (a merge) a line is new only if it is new against each
/// of them, which is what the merge itself introduced.
/// </remarks>
internal sealed class AddedLines
{
    private readonly string[] _newLines;
    private readonly List<Func<long, bool>> _isNewAgainst = [];

    public AddedLines(string newText, IEnumerable<string> previousTexts)
    {
        _newLines = SplitLines(newText);
        foreach (var previous in previousTexts)
        {
            _isNewAgainst.Add(Compare(_newLines, SplitLines(previous)));
        }
    }

    /// <summary>Compares an item with the versions it replaces, read through <paramref name="reader"/>. Null
    /// (every line counts as new) when a version is too large to hold as lines: reporting an old secret again
    /// beats missing a new one.</summary>
    public static AddedLines? For(ScanItem item, IContentReader reader)
    {
        string? text = ReadText(reader, item.Content);
        if (text is null)
        {
            return null;
        }

        var previous = new List<string>();
        foreach (var version in item.PreviousVersions)
        {
            string? old = ReadText(reader, version);
            if (old is null)
            {
                return null;
            }

            previous.Add(old);
        }

        return new AddedLines(text, previous);
    }

    private static string? ReadText(IContentReader reader, ContentRef content)
    {
        using var stream = reader.Open(content);
        if (stream.Length > ContentScanner.WholeReadLimit)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return (TextDecoder.Decode(bytes) ?? DecodedText.Empty).Text;
    }

    /// <summary>1-based line number.</summary>
    public bool IsNew(long line)
    {
        foreach (var isNew in _isNewAgainst)
        {
            if (!isNew(line - 1))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<long, bool> Compare(string[] newLines, string[] oldLines)
    {
        int prefix = 0;
        while (prefix < newLines.Length && prefix < oldLines.Length && newLines[prefix] == oldLines[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < newLines.Length - prefix && suffix < oldLines.Length - prefix
            && newLines[newLines.Length - 1 - suffix] == oldLines[oldLines.Length - 1 - suffix])
        {
            suffix++;
        }

        var available = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = prefix; i < oldLines.Length - suffix; i++)
        {
            available[oldLines[i]] = available.GetValueOrDefault(oldLines[i]) + 1;
        }

        var isNew = new bool[newLines.Length];
        for (int i = prefix; i < newLines.Length - suffix; i++)
        {
            string line = newLines[i];
            if (available.TryGetValue(line, out int count) && count > 0)
            {
                available[line] = count - 1;
            }
            else
            {
                isNew[i] = true;
            }
        }

        return index => index >= 0 && index < isNew.Length && isNew[index];
    }

    private static string[] SplitLines(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }

        return lines;
    }
}
