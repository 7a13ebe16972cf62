using System.Text.RegularExpressions;

namespace LinqSecretScan.Detection;

/// <summary>Facts about one file that decide whether a match is Linq's: which URL a request goes to, which vendor a
/// webhook secret belongs to. Each is computed once, on first use, in one pass over the text.</summary>
internal sealed partial class FileContext(string text, string path)
{
    /// <summary>Also the paths of the rule linq-webhook-secret-in-linq-path (rules.json); PathPatternTests checks that
    /// both say the same. A folder or file name with "linq" or "linqapp" as a word of it (not after "system."), or a
    /// file name with "Linq" or "LinqApp" at the start of a word followed by a capitalised word other than T
    /// (LinqToDB). Written with lookarounds rather than as whole path segments, `(?:^|/)(?:[^/]*[^a-z0-9/])?linq…`:
    /// the same paths (PathPatternTests compares both on generated paths), but the segment form is tried from every
    /// character of every path, backtracking through each segment, which took 4 µs a path.</summary>
    public const string LinqPathPattern =
        @"(?i)(?<![a-z0-9])(?<!system\.)linq(?:app)?(?![a-z0-9])|(?<![a-z])(?-i:Linq)(?:App)?(?-i:[A-Z])(?<!(?-i:LinqT))[^/]*$";

    private List<(int Offset, bool IsTarget, string Host)>? _urls;
    private List<(int Offset, bool IsLinq)>? _vendors;
    private int[]? _lineStarts;
    private bool? _sealedSecret;
    private bool? _pathNamesLinq;

    public string Text => text;

    public string Path => path;

    /// <summary>A HAR capture: a header belongs to the request whose URL comes before it.</summary>
    public bool IsHar { get; } = IsHarPath(path);

    /// <summary>A path with a folder or file named for Linq: webhooks/linq.ts, linq_client.py, services/linq/...,
    /// LinqWebhookController.cs (not LinqToDB, Linq2Db or System.Linq).</summary>
    public bool PathNamesLinq => _pathNamesLinq ??= NamesLinq(path);

    /// <summary>Whether a path has a folder or file named for Linq (see <see cref="PathNamesLinq"/>).</summary>
    public static bool NamesLinq(string path) => LinqPath().IsMatch(path);

    /// <summary>Whether a path is a HAR capture (see <see cref="IsHar"/>).</summary>
    public static bool IsHarPath(string path) => path.EndsWith(".har", StringComparison.OrdinalIgnoreCase);

    /// <summary>A Bitnami SealedSecret manifest: its values are encrypted for the cluster and meant to be committed.</summary>
    public bool IsSealedSecret => _sealedSecret ??= SealedSecret().IsMatch(text);

    /// <summary>Whether the request that <paramref name="offset"/> belongs to goes to one of <paramref name="hosts"/>
    /// (a host or a subdomain of it): the nearest URL in the file, by lines (in a HAR, the nearest before it), is
    /// taken as the request's. URLs on lines about redirects, referrers, origins, webhook targets, JSON schemas
    /// (a Postman collection's schema URL) and XML namespaces are not requests.</summary>
    public bool RequestGoesTo(int offset, IReadOnlyList<string> hosts)
    {
        var urls = _urls ??= FindUrls();
        int line = LineOf(offset);
        int best = -1, bestDistance = int.MaxValue;
        for (int i = 0; i < urls.Count; i++)
        {
            if (!urls[i].IsTarget)
            {
                continue;
            }

            int urlLine = LineOf(urls[i].Offset);
            if (IsHar && urls[i].Offset > offset)
            {
                break;
            }

            int distance = Math.Abs(urlLine - line);
            if (distance < bestDistance || (distance == bestDistance && urls[i].Offset <= offset))
            {
                best = i;
                bestDistance = distance;
            }
        }

        return best >= 0 && IsHostIn(urls[best].Host, hosts);
    }

    /// <summary>Whether the nearest vendor the file names around <paramref name="offset"/> (by lines) is Linq; with
    /// no vendor named at all, whether the path is named for Linq. A tie goes to the other vendor.</summary>
    public bool NearestVendorIsLinq(int offset)
    {
        var vendors = _vendors ??= FindVendors();
        int line = LineOf(offset);
        int bestDistance = int.MaxValue;
        bool linq = false;
        foreach (var (at, isLinq) in vendors)
        {
            int distance = Math.Abs(LineOf(at) - line);
            if (distance < bestDistance || (distance == bestDistance && !isLinq))
            {
                bestDistance = distance;
                linq = isLinq;
            }
        }

        return bestDistance == int.MaxValue ? PathNamesLinq : linq;
    }

    /// <summary>0-based line of an offset.</summary>
    public int LineOf(int offset)
    {
        var starts = _lineStarts ??= LineStarts(text);
        int index = Array.BinarySearch(starts, offset);
        return index >= 0 ? index : ~index - 1;
    }

    private static bool IsHostIn(string host, IReadOnlyList<string> hosts)
    {
        foreach (var h in hosts)
        {
            if (host.Equals(h, StringComparison.OrdinalIgnoreCase)
                || (host.Length > h.Length && host.EndsWith(h, StringComparison.OrdinalIgnoreCase) && host[host.Length - h.Length - 1] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private List<(int, bool, string)> FindUrls()
    {
        var urls = new List<(int, bool, string)>();
        foreach (var match in Url().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            int scheme = span.IndexOf("//", StringComparison.Ordinal);
            string host = (scheme >= 0 ? span[(scheme + 2)..] : span).ToString();
            int lineStart = text.LastIndexOf('\n', Math.Max(0, match.Index - 1)) + 1;
            int lineEnd = text.IndexOf('\n', match.Index);
            var line = text.AsSpan(lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart);
            urls.Add((match.Index, !NotARequest().IsMatch(line), host));
            if (urls.Count >= 100_000)
            {
                break;
            }
        }

        return urls;
    }

    private List<(int, bool)> FindVendors()
    {
        var vendors = new List<(int, bool)>();
        foreach (Match match in Vendor().Matches(text))
        {
            vendors.Add((match.Index, match.Groups["linq"].Success));
            if (vendors.Count >= 100_000)
            {
                break;
            }
        }

        return vendors;
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        int at = text.IndexOf('\n');
        while (at >= 0)
        {
            starts.Add(at + 1);
            at = text.IndexOf('\n', at + 1);
        }

        return [.. starts];
    }

    /// <summary>A URL's scheme and host, or a bare Linq host (`api.linqapp.com` in a config value).</summary>
    [GeneratedRegex(@"https?://[a-z0-9.-]{1,253}|(?<![\w./-])(?:[a-z0-9-]{1,63}\.){0,4}linqapp\.com\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b(?:referr?er|origin|redirect\w{0,20}|callback\w{0,20}|target_?url|webhook_?url|return_?url|success_?url|cancel_?url|\$?schema|xmlns)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotARequest();

    /// <summary>Names of Linq (its host, SDKs, credential and header names, classes named for it, prose such as
    /// "Linq webhook") and of the other vendors whose webhook secrets start with whsec_. System.Linq and LINQ
    /// queries are not Linq.</summary>
    [GeneratedRegex(
        @"(?<linq>linqapp\.com|@linqapp/|linqapiv3|linq[-_]go\b|linqgo\.|linq[-_]python|\bfrom[ \t]{1,5}linq[ \t]{1,5}import\b|\bimport[ \t]{1,5}linq(?![a-z0-9;])|(?<![a-z0-9.])linq(?:app)?[_-](?:api|token|webhook|signing|secret|integration|partner|phone|from|base|key)|x-linq-|(?-i:Linq)(?:App)?(?-i:Client|Webhook|Api|API|Options|Settings|Config|Service|Adapter|Handler|Signature|Event|Message|Partner)|(?<![a-z0-9.])linq(?:app)?[ \t]{1,3}(?:partner|webhooks?|signing|api|messaging|imessage)\b|""name""[ \t]{0,3}:[ \t]{0,3}""[^""\r\n]{0,40}\blinq(?![a-z0-9;]))" +
        @"|\b(?:stripe|svix|clerk|resend|lemon_?squeezy|dodo_?payments|liveblocks|workos|hookdeck|polar[_.-](?:sh|webhook)|openai[\w.-]{0,20}webhook|webhook[\w.-]{0,20}openai)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Vendor();

    [GeneratedRegex(LinqPathPattern, RegexOptions.CultureInvariant)]
    private static partial Regex LinqPath();

    [GeneratedRegex(@"^kind:[ \t]{0,5}[""']?SealedSecret", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SealedSecret();
}
