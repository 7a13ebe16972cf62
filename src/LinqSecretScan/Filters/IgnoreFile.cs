using LinqSecretScan.Core;

namespace LinqSecretScan.Filters;

/// <summary>`.linqsecretscanignore`: one fingerprint per line, `#` starts a comment. Fingerprints hash the secret,
/// so an ignored secret stays ignored wherever its line moves and a different secret on the same line is still
/// reported.</summary>
internal sealed class IgnoreFile
{
    public const string DefaultName = ".linqsecretscanignore";

    private readonly Dictionary<string, int> _entries;

    private IgnoreFile(string? path, Dictionary<string, int> entries)
    {
        Path = path;
        _entries = entries;
    }

    public string? Path { get; }

    public static IgnoreFile Empty { get; } = new(null, []);

    /// <summary>Loads the file; a missing default file is an empty list, a missing explicit one is an error.</summary>
    public static IgnoreFile Load(string path, bool explicitlyNamed)
    {
        if (!File.Exists(path))
        {
            if (explicitlyNamed)
            {
                throw new ScanException($"ignore file not found: {path}");
            }

            return Empty;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot read ignore file {path}: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    public static IgnoreFile Parse(string text, string? path)
    {
        var entries = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            int hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            string line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length > 0)
            {
                entries.TryAdd(line, 0);
            }
        }

        return new IgnoreFile(path, entries);
    }

    public int Count => _entries.Count;

    public bool Suppresses(Finding finding)
    {
        if (_entries.TryGetValue(finding.Fingerprint, out int hits))
        {
            _entries[finding.Fingerprint] = hits + 1;
            return true;
        }

        return false;
    }

    public IEnumerable<string> UnusedEntries => _entries.Where(kv => kv.Value == 0).Select(kv => kv.Key);
}
