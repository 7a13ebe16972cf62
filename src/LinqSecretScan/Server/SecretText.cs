using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Detection;
using LinqSecretScan.Reporting;

namespace LinqSecretScan.Server;

/// <summary>Free text that the hook repeats (a bypass reason into the audit log, a commit subject to the pusher) with
/// every secret in it redacted: what the detector finds there, and anything shaped like `linq_…` or `whsec_…` besides
/// (a reason is short and carries no context for the rules that need one). Control characters go, and the text is cut
/// to a length.</summary>
internal static partial class SecretText
{
    public static string Redact(string text, Detector detector, int maxLength)
    {
        string clean = new(text.Where(c => !char.IsControl(c)).ToArray());
        var spans = detector.Detect("push-option", clean).Select(d => (d.Offset, d.Length)).ToList();
        spans.AddRange(PrefixedValue().Matches(clean).Select(m => (m.Index, m.Length)));
        var builder = new StringBuilder(clean.Length);
        int at = 0;
        foreach (var (offset, length) in spans.OrderBy(s => s.Item1))
        {
            if (offset < at)
            {
                if (offset + length > at)
                {
                    at = offset + length;
                }

                continue;
            }

            builder.Append(clean, at, offset - at);
            builder.Append(Redaction.Apply(clean.Substring(offset, length), showSecrets: false));
            at = offset + length;
        }

        builder.Append(clean, at, clean.Length - at);
        string redacted = builder.ToString();
        return redacted.Length > maxLength ? redacted[..(maxLength - 1)] + Redaction.Ellipsis : redacted;
    }

    [GeneratedRegex(@"(?:linq|whsec)_[A-Za-z0-9+/=_\-.]{4,512}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrefixedValue();
}
