using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Corpus;

/// <summary>One file of the detection corpus (Corpus/cases/**/*.case): a realistic file in its real format, with
/// markers where secrets and traps go. Values are generated when the case is expanded, so nothing realistic is
/// committed. Header lines come first: `#@ path: where/the/file/is.ext` and `#@ category: ...` (required), `#@ crlf: true`,
/// `#@ note: ...`.
/// Markers, in «guillemets» so that no format's own syntax ({{x}}, ${x}, [[x]]) is mistaken for one:
/// <list type="bullet">
/// <item>«linq», «linq:N» (linq_ + N base62), «key» (a Linq token of another shape: base62, hex, UUID or base64, chosen
/// by the seed), «alnum:N», «hex:N», «HEX:N», «uuid», «b64:N», «b64url:N» (N random bytes), «whsec», «whsec:N» (N key
/// bytes), «pwd:N» (N characters with `&lt;`, `&gt;`, `{`... inside): a secret the scanner must report, at that place, under linq-api-token (linq-webhook-secret for whsec).</item>
/// <item>«!kind»: a trap, a generated value the scanner must not report (another vendor's key, a Stripe whsec_...).</item>
/// <item>«~kind»: a secret the scanner is known to miss (counted as missed in recall; docs/detection.md says why).</item>
/// <item>«kind@name» binds the value to a name; «=name» writes it again (expected again), «!=name» as a trap.</item>
/// <item>«b64of:kind»: the base64 of such a value; the finding is the value, located at the base64 text.</item>
/// <item>«split:kind:SEP»: the value cut in two around SEP (`\n` for a line break): `"linq_ab" + "cd..."`; the
/// finding is the whole value, located at its first piece.</item>
/// <item>«word:kind:N:WORD»: the value with WORD (FaKe, TODO, Your...) written over it at a random place.</item>
/// <item>«prefix:kind:N:TEXT»: TEXT and the value, found as one (linq_test_ + a random run).</item>
/// </list>
/// About half of the random values get a placeholder word spliced in (FaKe, TODO, xxxx...), as real tokens sometimes
/// do by chance.</summary>
internal sealed partial class CorpusCase
{
    public const string WebhookRule = "linq-webhook-secret";
    public const string TokenRule = "linq-api-token";

    private CorpusCase(string name, string path, string category, string template, bool crlf)
    {
        Name = name;
        Path = path;
        Category = category;
        Template = template;
        Crlf = crlf;
    }

    public string Name { get; }

    /// <summary>The path the file is scanned as (relative, `/` separators).</summary>
    public string Path { get; }

    /// <summary>What of issue 13 the case is about (formats, code-shapes, indirection, captures-and-tools,
    /// webhook-secrets, encoded, marker-words, escaped-strings, names-in-the-wild, identifiers-commas-modules,
    /// lockfiles-packages, bundler-output, encrypted, purge, system-linq-code).</summary>
    public string Category { get; }

    public string Template { get; }

    public bool Crlf { get; }

    public static string Folder => System.IO.Path.Combine(RepositoryPaths.Root, "tests", "LinqSecretScan.Tests", "Corpus", "cases");

    public static IReadOnlyList<CorpusCase> All { get; } = LoadAll();

    public override string ToString() => Name;

    /// <summary>The file's text with values generated from <paramref name="seed"/>, and what must be found in it.</summary>
    public Expanded Expand(int seed)
    {
        var secrets = new TestSecrets(seed ^ StableHash(Name));
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        var findings = new List<(int Offset, Expected Expected)>();
        var text = new StringBuilder();
        int last = 0;
        foreach (Match marker in Marker().Matches(Template))
        {
            text.Append(Template, last, marker.Index - last);
            last = marker.Index + marker.Length;
            string flag = marker.Groups["flag"].Value;
            string kind = marker.Groups["kind"].Value;
            string value;
            string written;
            int valueAt = text.Length;
            if (marker.Groups["reuse"].Success)
            {
                value = bound[marker.Groups["name"].Value];
                kind = bound[marker.Groups["name"].Value + "#kind"];
                written = value;
            }
            else
            {
                value = Generate(secrets, kind, marker.Groups["n"].Success ? int.Parse(marker.Groups["n"].Value, CultureInfo.InvariantCulture) : 0);
                if (marker.Groups["op"].Value == "prefix")
                {
                    value = marker.Groups["sep"].Value + value;
                }
                else if (marker.Groups["op"].Value == "word")
                {
                    value = WriteOver(secrets, value, marker.Groups["sep"].Value);
                }

                written = marker.Groups["op"].Value switch
                {
                    "b64of" => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)),
                    "split" => Split(secrets, value, Unescape(marker.Groups["sep"].Value)),
                    _ => value,
                };
            }

            if (marker.Groups["bind"].Success)
            {
                bound[marker.Groups["bind"].Value] = value;
                bound[marker.Groups["bind"].Value + "#kind"] = kind;
            }

            text.Append(written);
            string rule = kind == "whsec" ? WebhookRule : TokenRule;
            findings.Add((valueAt, new Expected(rule, 0, 0, value, flag switch { "!" => Role.Trap, "~" => Role.KnownMiss, _ => Role.Secret })));
        }

        text.Append(Template, last, Template.Length - last);
        string content = text.ToString();
        if (Crlf)
        {
            // Offsets move by one per line break before them.
            var shifted = new List<(int, Expected)>();
            foreach (var (offset, expected) in findings)
            {
                shifted.Add((offset + content.AsSpan(0, offset).Count('\n'), expected));
            }

            findings = shifted;
            content = content.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        var located = findings.Select(f =>
        {
            var (line, column) = LineAndColumn(content, f.Offset);
            return f.Expected with { Line = line, Column = column };
        }).ToList();
        return new Expanded(this, content, located);
    }

    public static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        int line = 1 + text.AsSpan(0, offset).Count('\n');
        int lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        return (line, offset - lineStart + 1);
    }

    private static string Generate(TestSecrets secrets, string kind, int n)
    {
        if (kind == "key")
        {
            // A Linq credential that is not linq_-prefixed: older integration tokens have no published shape.
            string[] shapes = ["alnum:40", "alnum:32", "hex:64", "uuid", "b64:30", "alnum:48", "hex:40"];
            string shape = shapes[secrets.Next(shapes.Length)];
            int colon = shape.IndexOf(':', StringComparison.Ordinal);
            return ExampleExpander.Generate(secrets, colon < 0 ? shape : shape[..colon], colon < 0 ? 0 : int.Parse(shape[(colon + 1)..], CultureInfo.InvariantCulture));
        }

        return kind switch
        {
            "HEX" => secrets.Hex(n).ToUpperInvariant(),
            "pwd" => Punctuated(secrets, n),
            _ => ExampleExpander.Generate(secrets, kind, n),
        };
    }

    /// <summary>N random base62 characters with one to three of `&lt; &gt; { } ! * ^` put in (never first, never two
    /// side by side): a credential of no published shape, written in a quoted string.</summary>
    private static string Punctuated(TestSecrets secrets, int n)
    {
        const string Symbols = "<>{}!*^";
        var chars = secrets.Alnum(n).ToCharArray();
        int count = 1 + secrets.Next(3);
        for (int placed = 0; placed < count;)
        {
            int at = 1 + secrets.Next(n - 1);
            if (Symbols.Contains(chars[at - 1], StringComparison.Ordinal) || (at + 1 < n && Symbols.Contains(chars[at + 1], StringComparison.Ordinal)))
            {
                continue;
            }

            chars[at] = Symbols[secrets.Next(Symbols.Length)];
            placed++;
        }

        return new string(chars);
    }

    /// <summary>The value with WORD written over it at a random place after its prefix (same length).</summary>
    private static string WriteOver(TestSecrets secrets, string value, string word)
    {
        int start = value.StartsWith("linq_", StringComparison.Ordinal) ? 5 : value.StartsWith("whsec_", StringComparison.Ordinal) ? 6 : 0;
        int end = value.TrimEnd('=').Length;
        int at = start + secrets.Next(end - start - word.Length + 1);
        return string.Concat(value.AsSpan(0, at), word, value.AsSpan(at + word.Length));
    }

    private static string Split(TestSecrets secrets, string value, string separator)
    {
        int cut = 6 + secrets.Next(Math.Max(1, value.Length - 10));
        return string.Concat(value.AsSpan(0, cut), separator, value.AsSpan(cut));
    }

    private static string Unescape(string separator) => separator.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);

    private static int StableHash(string s) => s.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));

    private static List<CorpusCase> LoadAll()
    {
        var cases = new List<CorpusCase>();
        foreach (string file in Directory.EnumerateFiles(Folder, "*.case", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetRelativePath(Folder, file).Replace('\\', '/');
            var lines = File.ReadAllText(file, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            string? path = null;
            string? category = null;
            bool crlf = false;
            int body = 0;
            while (body < lines.Length && lines[body].StartsWith("#@ ", StringComparison.Ordinal))
            {
                var header = lines[body][3..];
                int colon = header.IndexOf(':', StringComparison.Ordinal);
                string key = header[..colon].Trim(), value = header[(colon + 1)..].Trim();
                switch (key)
                {
                    case "path":
                        path = value;
                        break;
                    case "category":
                        category = value;
                        break;
                    case "crlf":
                        crlf = value == "true";
                        break;
                    case "note":
                        break;
                    default:
                        throw new InvalidOperationException($"{name}: unknown header '{key}'");
                }

                body++;
            }

            cases.Add(new CorpusCase(
                name,
                path ?? throw new InvalidOperationException($"{name}: no '#@ path:' header"),
                category ?? throw new InvalidOperationException($"{name}: no '#@ category:' header"),
                string.Join('\n', lines[body..]), crlf));
        }

        return cases;
    }

    [GeneratedRegex(@"«(?<flag>[!~])?(?:(?<reuse>=)(?<name>\w+)|(?:(?<op>b64of|split|prefix|word):)?(?<kind>linq|key|alnum|hex|HEX|uuid|b64url|b64|whsec|pwd)(?::(?<n>\d+))?(?::(?<sep>[^»]*))?)(?:@(?<bind>\w+))?»")]
    private static partial Regex Marker();

    public enum Role
    {
        Secret,
        Trap,
        KnownMiss,
    }

    /// <summary>A value the case holds: where, under which rule, and whether it must be reported.</summary>
    public sealed record Expected(string Rule, int Line, int Column, string Secret, Role Role);

    public sealed record Expanded(CorpusCase Case, string Text, IReadOnlyList<Expected> Values);
}
