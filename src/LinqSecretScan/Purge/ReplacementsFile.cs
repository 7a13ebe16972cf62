using System.Text;
using LinqSecretScan.Detection;

namespace LinqSecretScan.Purge;

/// <summary>The lines of replacements.txt: <c>SECRET==&gt;LINQ-SECRET-REMOVED</c>, one per distinct secret, read by
/// <c>git filter-repo --replace-text</c> and by BFG's <c>--replace-text</c>, each replacing the secret literally and
/// exactly.</summary>
/// <remarks>
/// How the two tools read a line, and what that asks of each line:
/// <list type="bullet">
/// <item>filter-repo (2.38, <c>get_replace_text</c>) strips trailing CR and LF, splits at the <em>last</em>
/// <c>==&gt;</c>, and treats a <c>regex:</c> or <c>glob:</c> prefix as a pattern and a <c>literal:</c> prefix as a
/// literal; it applies every literal line in file order, then every regex line in file order, each to the whole
/// blob in turn. BFG (<c>TextReplacementConfig</c>) splits at the <em>first</em> <c>==&gt;</c> (a lazy
/// <c>(.+?)(?:==&gt;(.*))?</c>), knows the same three prefixes, and applies the lines in file order.</item>
/// <item>A secret that starts with one of those prefixes is written with <c>literal:</c> in front, which both tools
/// strip.</item>
/// <item>A secret that holds <c>==&gt;</c> cannot be a literal line (the tools would split it in different places),
/// so it becomes a <c>regex:</c> line in which every ASCII character other than a letter or digit is written as
/// <c>\xHH</c>: both Python's and Java's regular expressions read that as the character itself, no <c>==&gt;</c> is
/// left in the pattern, and other characters stand for themselves in both.</item>
/// <item>Longer secrets come first, so a secret that holds another is replaced whole before the shorter one could
/// cut it apart; regex lines come after the literal lines (where filter-repo applies them anyway), and any secret
/// that a regex-line secret holds becomes a regex line too, so the order is the same in both tools.</item>
/// <item>Secrets never hold CR or LF (the detector normalises line ends), and trailing spaces or tabs are kept by
/// both tools. A value with a character no line can carry, or a U+FFFD that stands for bytes that were not UTF-8,
/// cannot be replaced by its text: it is left out and counted (the plan says so, and its verification step would
/// show it).</item>
/// </list>
/// </remarks>
internal static class ReplacementsFile
{
    public const string FileName = "replacements.txt";

    private const string Separator = "==>";

    private static readonly string[] SpecialPrefixes = ["regex:", "glob:", "literal:"];

    /// <summary>The lines for <paramref name="secrets"/> (each ending in '\n'), and the secrets that cannot be
    /// written (never printed; the caller only counts them).</summary>
    public static (string Text, int Written, IReadOnlyList<string> Unwritable) Build(IEnumerable<string> secrets)
    {
        var distinct = secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unwritable = distinct.Where(s => !Writable(s)).ToList();
        var writable = distinct.Except(unwritable, StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToList();

        var asRegex = new HashSet<string>(writable.Where(s => s.Contains(Separator, StringComparison.Ordinal)), StringComparer.Ordinal);
        foreach (string secret in writable)
        {
            if (!asRegex.Contains(secret) && asRegex.Any(r => r.Contains(secret, StringComparison.Ordinal)))
            {
                asRegex.Add(secret);
            }
        }

        var text = new StringBuilder();
        foreach (string secret in writable.Where(s => !asRegex.Contains(s)))
        {
            text.Append(SpecialPrefixes.Any(p => secret.StartsWith(p, StringComparison.Ordinal)) ? "literal:" : string.Empty)
                .Append(secret).Append(Separator).Append(PurgeReplacement.Text).Append('\n');
        }

        foreach (string secret in writable.Where(asRegex.Contains))
        {
            text.Append("regex:").Append(EscapedPattern(secret)).Append(Separator).Append(PurgeReplacement.Text).Append('\n');
        }

        return (text.ToString(), writable.Count, unwritable);
    }

    /// <summary>A pattern that matches <paramref name="secret"/> exactly in Python's and Java's regex syntax.</summary>
    internal static string EscapedPattern(string secret)
    {
        var pattern = new StringBuilder(secret.Length * 2);
        foreach (char c in secret)
        {
            if (c < 0x80 && !char.IsAsciiLetterOrDigit(c))
            {
                pattern.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                pattern.Append(c);
            }
        }

        return pattern.ToString();
    }

    /// <summary>Whether a line can carry the secret so that both tools read back exactly its text: no line break of
    /// either tool (Java's regex '.' also stops at U+0085, U+2028 and U+2029), no lone surrogate, no replacement
    /// character standing for undecodable bytes.</summary>
    private static bool Writable(string secret)
    {
        for (int i = 0; i < secret.Length; i++)
        {
            char c = secret[i];
            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' or '\uFFFD')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= secret.Length || !char.IsLowSurrogate(secret[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
