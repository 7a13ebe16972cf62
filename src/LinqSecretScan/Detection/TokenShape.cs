namespace LinqSecretScan.Detection;

/// <summary>Tells a random-looking credential from an identifier, a word or a made-up value.</summary>
/// <remarks>
/// The length and alphabet of Linq tokens are not published, so nothing here depends on them. What separates a
/// token from the other things that follow `linq_` or `LINQ_API_KEY=` is randomness: identifiers, file names and
/// phrases read as words (<see cref="LetterModel"/> scores that by letter clusters), placeholders repeat or count
/// (`xxxx`, `abc123abc123`, `123456789`), and a token does neither. Measured in TokenShapeTests on millions of
/// generated tokens of many shapes and on identifiers from real repositories.
/// </remarks>
internal static class TokenShape
{
    public const int MinimumLength = 12;

    public static bool LooksRandom(ReadOnlySpan<char> value) => LooksRandom(value, MinimumLength);

    /// <summary>As <see cref="LooksRandom(ReadOnlySpan{char})"/>, for a value of at least <paramref name="minimumLength"/>
    /// characters (what is left of a value around a placeholder word may be shorter than a whole token).</summary>
    public static bool LooksRandom(ReadOnlySpan<char> value, int minimumLength)
    {
        if (value.Length < minimumLength || IsConstantName(value))
        {
            return false;
        }

        int letters = 0, alnum = 0;
        foreach (char c in value)
        {
            if (char.IsAsciiLetter(c))
            {
                letters++;
                alnum++;
            }
            else if (char.IsAsciiDigit(c))
            {
                alnum++;
            }
        }

        if ((letters == 0 && value.Length < 16) || alnum < value.Length * 0.6)
        {
            // Short digit runs: phone numbers, timestamps, ids (a random hex token of 16 characters is all digits
            // once in 2,000, so 16 digits and more count). Mostly punctuation: masks and separators.
            return false;
        }

        double minimumEntropy = value.Length switch
        {
            < 12 => 1.5,
            < 16 => 1.9,
            < 24 => 2.1,
            < 32 => 2.3,
            _ => 2.5,
        };
        if (ShannonEntropy(value) < minimumEntropy || IsSequential(value) || IsRunHeavy(value) || IsRepetitive(value) || IsInterleavedCount(value))
        {
            return false;
        }

        return !IsIdentifierLike(value);
    }

    /// <summary>`LINQAPP_WEBHOOK_SECRET`, `OPENAI_API_KEY_2`: upper-case pieces joined by underscores, each starting
    /// with a letter (or a short number). That is how constants and environment variables are named; a random token
    /// of capitals and digits has no underscores, and a base64url one has lower case too. (The letter model alone may
    /// find a made-up brand such as LINQAPP random.)</summary>
    public static bool IsConstantName(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('_') <= 0 || value[^1] == '_')
        {
            return false;
        }

        foreach (var range in value.Split('_'))
        {
            var piece = value[range];
            if (piece.IsEmpty)
            {
                return false;
            }

            foreach (char c in piece)
            {
                if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            if (char.IsAsciiDigit(piece[0]) && (piece.Length > 4 || piece.ContainsAnyExceptInRange('0', '9')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the value reads as words (an identifier, a path, a phrase) better than as a random token.</summary>
    public static bool IsIdentifierLike(ReadOnlySpan<char> value) => LetterModel.WordAdvantage(value) >= 0;

    public static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        int other = 0;
        foreach (char c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }

        double entropy = 0;
        double length = value.Length;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        if (other > 0)
        {
            double p = other / length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>`0123456789`, `abcdefgh`, `zyxwvu`, `abc123XYZ`: one run of characters counting up or down by one
    /// covers half the value, or runs of three or more cover three quarters of it. (Random text has such steps too,
    /// but rarely three in a row.)</summary>
    private static bool IsSequential(ReadOnlySpan<char> value)
    {
        int covered = 0, longest = 1, run = 1, direction = 0;
        for (int i = 1; i <= value.Length; i++)
        {
            int d = i < value.Length ? char.ToLowerInvariant(value[i]) - char.ToLowerInvariant(value[i - 1]) : 0;
            if (d is 1 or -1 && (run == 1 || d == direction))
            {
                run++;
                direction = d;
                continue;
            }

            if (run >= 3)
            {
                covered += run;
            }

            longest = Math.Max(longest, run);
            run = d is 1 or -1 ? 2 : 1;
            direction = d is 1 or -1 ? d : 0;
        }

        return longest * 2 >= value.Length || covered * 4 >= value.Length * 3;
    }

    /// <summary>`a1b2c3d4e5f6`: the letters count up (or down) and so do the digits, each for four or more.</summary>
    private static bool IsInterleavedCount(ReadOnlySpan<char> value)
    {
        Span<char> letters = stackalloc char[value.Length];
        Span<char> digits = stackalloc char[value.Length];
        int l = 0, d = 0;
        foreach (char c in value)
        {
            if (char.IsAsciiLetter(c))
            {
                letters[l++] = c;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits[d++] = c;
            }
        }

        return l >= 4 && d >= 4 && IsOneRun(letters[..l]) && IsOneRun(digits[..d]);
    }

    private static bool IsOneRun(ReadOnlySpan<char> value)
    {
        int direction = char.ToLowerInvariant(value[1]) - char.ToLowerInvariant(value[0]);
        if (direction is not (1 or -1))
        {
            return false;
        }

        for (int i = 2; i < value.Length; i++)
        {
            if (char.ToLowerInvariant(value[i]) - char.ToLowerInvariant(value[i - 1]) != direction)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>`aaaabbbbcccc`: half the characters repeat the one before.</summary>
    private static bool IsRunHeavy(ReadOnlySpan<char> value)
    {
        int repeats = 0;
        for (int i = 1; i < value.Length; i++)
        {
            if (char.ToLowerInvariant(value[i]) == char.ToLowerInvariant(value[i - 1]))
            {
                repeats++;
            }
        }

        return repeats * 2 >= value.Length - 1;
    }

    /// <summary>`abc123abc123abc123`: the value is (almost) a short unit repeated.</summary>
    private static bool IsRepetitive(ReadOnlySpan<char> value)
    {
        for (int period = 1; period <= Math.Min(16, value.Length / 2); period++)
        {
            int same = 0;
            for (int i = period; i < value.Length; i++)
            {
                if (value[i] == value[i - period])
                {
                    same++;
                }
            }

            if (same >= (value.Length - period) * 0.85)
            {
                return true;
            }
        }

        return false;
    }
}
