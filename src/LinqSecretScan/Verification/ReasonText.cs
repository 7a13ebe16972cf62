using System.Text;

namespace LinqSecretScan.Verification;

/// <summary>Reasons quote what a server or the network stack said. A server may echo the token, or send control
/// characters and pages of text: a reason keeps one short line and never the token.</summary>
internal static class ReasonText
{
    private const int MaxLength = 200;

    public static string Clean(string text, string token)
    {
        if (token.Length > 0)
        {
            text = text.Replace(token, "<the token>", StringComparison.Ordinal);
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
            if (builder.Length > MaxLength)
            {
                builder.Length = MaxLength;
                builder.Append('\u2026');
                break;
            }
        }

        return builder.ToString();
    }
}
