namespace LinqSecretScan.Detection;

/// <summary>How many bits a value costs when read as words (an identifier, a phrase, a file name) and when read as
/// a random token: the difference tells code from credentials by the letter clusters of English and code, not by a
/// list of words.</summary>
/// <remarks>
/// <para>Words are scored by a letter trigram model, P(letter | two letters before) with word boundaries, trained by
/// <c>train_letter_model.py</c> on an English dictionary and on the words of the .NET reference documentation and
/// Python's standard library (letter-trigrams.bin, 20 KB, embedded). "transcript" costs 34 bits against 47 for ten
/// random letters; "xqzv" costs 63 against 19.</para>
/// <para>An identifier is a sequence of pieces: words (split at case changes: getLinqApiKey, HTTPServer, MAX_RETRY),
/// digit runs and separators, each piece chosen with a small cost and the case of each word costing little when it
/// repeats the previous word's. That is a code (a probability distribution over strings), so a uniformly random
/// string of n characters from an alphabet of size A, which costs n log2 A bits as a token, reads as words with k
/// bits to spare with probability at most 2^-k (Kraft's inequality): random tokens essentially never look like
/// words, whatever their length, while real identifiers save tens of bits. TokenShapeTests measures both sides.</para>
/// </remarks>
internal static class LetterModel
{
    private const int Boundary = 26;
    private const string ResourceName = "LinqSecretScan.Detection.letter-trigrams.bin";

    private static readonly Lazy<float[]> Costs = new(Load);

    private static readonly double NextWord = -Math.Log2(0.4);
    private static readonly double NextNumber = -Math.Log2(0.1);
    private static readonly double NextSeparator = -Math.Log2(0.3);
    private static readonly double End = -Math.Log2(0.2);
    private static readonly double FirstCase = Math.Log2(3);
    private const double SameCase = 0.42;
    private const double OtherCase = 3.0;
    private static readonly double Digit = Math.Log2(10);

    /// <summary>A word of one letter (the I of IQueryable, x in x.Id, T in TContext) is any of 26, flagged as such
    /// (one word in eight); longer words are spelled by the trigram model.</summary>
    private static readonly double SingleLetter = -Math.Log2(0.125) + Math.Log2(26);
    private static readonly double MultiLetter = -Math.Log2(0.875);

    /// <summary>Bits to spare when the value is read as words rather than as a random token: positive for
    /// identifiers, file names and phrases, strongly negative for random tokens (about -2 to -6 bits per character).</summary>
    public static double WordAdvantage(ReadOnlySpan<char> value) => RandomBits(value) - WordBits(value);

    /// <summary>Cost of the value as words, digit runs and separators.</summary>
    public static double WordBits(ReadOnlySpan<char> value)
    {
        var costs = Costs.Value;
        double total = 0;
        int previousCase = -1;
        int i = 0;
        while (i < value.Length)
        {
            char c = value[i];
            if (char.IsAsciiDigit(c))
            {
                int start = i;
                while (i < value.Length && char.IsAsciiDigit(value[i]))
                {
                    i++;
                }

                int length = i - start;
                total += NextNumber + (length <= 4 ? length : 4 + (2 * (length - 4))) + (length * Digit);
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                total += NextSeparator + SeparatorBits(c);
                i++;
                continue;
            }

            int end = WordEnd(value, i);
            var word = value[i..end];
            int wordCase = CaseOf(word);
            total += NextWord + (previousCase < 0 ? FirstCase : wordCase == previousCase ? SameCase : OtherCase);
            previousCase = wordCase;
            total += word.Length == 1 ? SingleLetter : MultiLetter + LetterBits(word, costs);
            i = end;
        }

        return total + End;
    }

    /// <summary>Cost of the value as a random token of the smallest usual alphabet that holds it: digits, hex,
    /// one-case base36, base62, each widened by the separators it uses (a UUID is hex and '-', base64 adds '+', '/'
    /// and '=').</summary>
    public static double RandomBits(ReadOnlySpan<char> value)
    {
        bool lower = false, upper = false, nonHexLetter = false, digit = false;
        bool dash = false, underscore = false, plusSlash = false, equals = false, other = false;
        foreach (char c in value)
        {
            switch (c)
            {
                case >= 'a' and <= 'z':
                    lower = true;
                    nonHexLetter |= c > 'f';
                    break;
                case >= 'A' and <= 'Z':
                    upper = true;
                    nonHexLetter |= c > 'F';
                    break;
                case >= '0' and <= '9':
                    digit = true;
                    break;
                case '-':
                    dash = true;
                    break;
                case '_':
                    underscore = true;
                    break;
                case '+' or '/':
                    plusSlash = true;
                    break;
                case '=':
                    equals = true;
                    break;
                default:
                    other = true;
                    break;
            }
        }

        int alphabet = (lower && upper) ? 62 : (lower || upper) ? (nonHexLetter ? 36 : 16) : 10;
        if (!lower && !upper && !digit)
        {
            alphabet = 10;
        }

        int extra = other ? 33
            : (dash || underscore || plusSlash) && equals ? 3
            : (dash && plusSlash) || (underscore && plusSlash) ? 3
            : dash || underscore || plusSlash ? 2
            : equals ? 1
            : 0;
        return value.Length * Math.Log2(alphabet + extra);
    }

    /// <summary>Cost of one word's letters (any case) under the trigram model, its end included.</summary>
    public static double LetterBits(ReadOnlySpan<char> word) => LetterBits(word, Costs.Value);

    private static double LetterBits(ReadOnlySpan<char> word, float[] costs)
    {
        int a = Boundary, b = Boundary;
        double bits = 0;
        foreach (char ch in word)
        {
            int c = (ch | 0x20) - 'a';
            bits += costs[(a * 729) + (b * 27) + c];
            a = b;
            b = c;
        }

        return bits + costs[(a * 729) + (b * 27) + Boundary];
    }

    private static double SeparatorBits(char c) => c switch
    {
        '_' => 1.32,
        '-' or '.' => 2.32,
        '/' => 3.64,
        ':' => 4.32,
        ' ' => 5.06,
        _ => 9.55,
    };

    /// <summary>0 lower, 1 upper (an acronym or a single capital), 2 capitalised.</summary>
    private static int CaseOf(ReadOnlySpan<char> word) =>
        char.IsAsciiLetterLower(word[0]) ? 0 : word.Length > 1 && char.IsAsciiLetterLower(word[1]) ? 2 : 1;

    /// <summary>A lower-case run, a capital and its lower-case run, or a capital run (an acronym, which ends before
    /// a capital that starts a word: HTTPServer is HTTP + Server).</summary>
    private static int WordEnd(ReadOnlySpan<char> value, int start)
    {
        int i = start + 1;
        if (char.IsAsciiLetterUpper(value[start]))
        {
            if (i < value.Length && char.IsAsciiLetterLower(value[i]))
            {
                while (i < value.Length && char.IsAsciiLetterLower(value[i]))
                {
                    i++;
                }

                return i;
            }

            while (i < value.Length && char.IsAsciiLetterUpper(value[i]))
            {
                i++;
            }

            return i < value.Length && char.IsAsciiLetterLower(value[i]) && i - start > 1 ? i - 1 : i;
        }

        while (i < value.Length && char.IsAsciiLetterLower(value[i]))
        {
            i++;
        }

        return i;
    }

    private static float[] Load()
    {
        using var stream = typeof(LetterModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from the build");
        var bytes = new byte[27 * 27 * 27];
        stream.ReadExactly(bytes);
        var costs = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            costs[i] = bytes[i] / 8f;
        }

        return costs;
    }
}
