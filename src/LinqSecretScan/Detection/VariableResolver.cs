using System.Text.RegularExpressions;


namespace LinqSecretScan.Detection;

/// <summary>Finds the literal values a variable is given in the same file: a rule captured the variable where a
/// Linq credential is used (sent as a Bearer token to a Linq host, passed to a Linq client, read from
/// LINQ_API_KEY), and wherever the file assigns it a literal at the start of a statement (TOKEN="...",
/// token = "...", val token: String = "...", @token = ..., {"key": "token", "value": "..."}), that literal is the
/// credential. Bounded: at most 64 variables per file, each
/// looked up with one ordinal search through the text (so a text costs at most 64 passes, never one per line), at
/// most 1,000 occurrences each.</summary>
internal sealed partial class VariableResolver(string text, Regex assignment)
{
    public const int MaxVariables = 64;
    private const int MaxOccurrences = 1000;
    private const int StatementReach = 200;

    private readonly Dictionary<string, List<(int Offset, int Length, string Value, bool Quoted, bool Call)>> _cache = new(StringComparer.Ordinal);

    /// <summary>The literal assignments of <paramref name="name"/> (a bare identifier; `this.`, `self.`, `$`, `@` and
    /// `process.env.` are taken off by the rules), or none once the budget of variables is spent.</summary>
    public IReadOnlyList<(int Offset, int Length, string Value, bool Quoted, bool Call)> Assignments(string name)
    {
        if (_cache.TryGetValue(name, out var known))
        {
            return known;
        }

        var found = new List<(int, int, string, bool, bool)>();
        if (_cache.Count >= MaxVariables || name.Length == 0)
        {
            return found;
        }

        _cache[name] = found;
        int occurrences = 0;
        for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0 && occurrences < MaxOccurrences; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            occurrences++;
            int end = at + name.Length;
            if ((at > 0 && IsIdentifierChar(text[at - 1])) || (end < text.Length && IsIdentifierChar(text[end])))
            {
                continue;
            }

            // The statement-start pattern is looked for only in the last 200 characters before the name (what a
            // statement's start, indentation and declaration words can take), but over the line's whole prefix, so
            // `^` still means the line's start and a `;` far into a long line still starts a statement.
            int lineStart = at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;
            int prefix = at - lineStart;
            if (!StatementStart().IsMatch(text.AsSpan(lineStart, prefix), Math.Max(0, prefix - StatementReach)))
            {
                continue;
            }

            var match = assignment.Match(text, end);
            if (!match.Success)
            {
                continue;
            }

            var secret = match.Groups["secret"];
            if (!secret.Success)
            {
                continue;
            }

            bool quoted = match.Groups.TryGetValue("q", out var q) && q.Success;
            bool call = match.Groups.TryGetValue("call", out var c) && c.Success && c.Length > 0;
            found.Add((secret.Index, secret.Length, secret.Value, quoted, call));
        }

        return found;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>What may come before a variable's name on its line where it is assigned: a statement's start (after
    /// indentation, `;` or `{`), declaration words (export, const, val, private static final String...), `this.`,
    /// `self.`, `@`, `$`; or a Postman/Insomnia `"key": "`. Not a keyword argument inside a call
    /// (`OpenAI(api_key="...")`) or a property of another object.</summary>
    [GeneratedRegex(@"(?:^|[;{])[ 	]{0,40}(?:(?:export|const|let|var|val|final|my|local|readonly|static|private|public|internal|protected|auto|def|set|declare|string|String|lateinit|open)[ 	]{1,5}){0,4}(?:this\.|self\.|@@?|\$this->|\$)?[""']?$|[""']key[""'][ 	]{0,5}:[ 	]{0,5}[""']$", RegexOptions.CultureInvariant)]
    private static partial Regex StatementStart();
}
