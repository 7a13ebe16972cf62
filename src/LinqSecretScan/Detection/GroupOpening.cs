namespace LinqSecretScan.Detection;

/// <summary>What a regex group is, read from what follows its '(' (shared by the readers of the rule file's patterns,
/// <see cref="RequiredLiterals"/> and <see cref="MatchReach"/>).</summary>
internal enum GroupKind
{
    /// <summary>A group that matches text: (...), (?:...), (?>...), (?&lt;name&gt;...), (?'name'...), (?i:...).</summary>
    Matching,

    /// <summary>(?=...) or (?!...).</summary>
    Lookahead,

    /// <summary>(?&lt;=...) or (?&lt;!...).</summary>
    Lookbehind,

    /// <summary>Inline options on their own, such as (?i) or (?-i): the group is over.</summary>
    OptionsOnly,

    /// <summary>Syntax the readers do not know (a comment, a conditional, the x option, a bad name).</summary>
    Unknown,
}

internal static class GroupOpening
{
    /// <summary>Reads the part of a group after its '(' up to its content (or, for inline options alone, past its ')'),
    /// from <paramref name="at"/>, which it moves on.</summary>
    public static GroupKind Read(string pattern, ref int at)
    {
        if (!Next(pattern, ref at, '?'))
        {
            return GroupKind.Matching;
        }

        if (Next(pattern, ref at, ':') || Next(pattern, ref at, '>'))
        {
            return GroupKind.Matching;
        }

        if (Next(pattern, ref at, '=') || Next(pattern, ref at, '!'))
        {
            return GroupKind.Lookahead;
        }

        if (Next(pattern, ref at, '<'))
        {
            return Next(pattern, ref at, '=') || Next(pattern, ref at, '!') ? GroupKind.Lookbehind
                : SkipName(pattern, ref at, '>') ? GroupKind.Matching : GroupKind.Unknown;
        }

        if (Next(pattern, ref at, '\''))
        {
            return SkipName(pattern, ref at, '\'') ? GroupKind.Matching : GroupKind.Unknown;
        }

        // Inline options: (?i) (?-i) on their own, or (?i:...) around a group; not x, which changes how the pattern reads.
        while (at < pattern.Length && pattern[at] is 'i' or 'm' or 'n' or 's' or '-')
        {
            at++;
        }

        return Next(pattern, ref at, ')') ? GroupKind.OptionsOnly : Next(pattern, ref at, ':') ? GroupKind.Matching : GroupKind.Unknown;
    }

    private static bool SkipName(string pattern, ref int at, char end)
    {
        while (at < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[at]) || pattern[at] == '_'))
        {
            at++;
        }

        return Next(pattern, ref at, end);
    }

    private static bool Next(string pattern, ref int at, char c)
    {
        if (at < pattern.Length && pattern[at] == c)
        {
            at++;
            return true;
        }

        return false;
    }
}
