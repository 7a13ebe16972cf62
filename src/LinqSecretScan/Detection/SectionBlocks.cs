namespace LinqSecretScan.Detection;

/// <summary>Finds the extent of a config section opened on a header line: an INI/TOML table, a JSON object or a
/// YAML mapping, a PHP array, a block of code. Heuristic by design: it reads shapes, not grammars, and never looks further than a bound.</summary>
internal static class SectionBlocks
{
    public static (int Start, int End) Find(string text, int headerStart, int headerEnd, int maxLines)
    {
        var header = text.AsSpan(headerStart, headerEnd - headerStart).TrimEnd('\r');
        var trimmed = StripTrailingComment(header).Trim();
        int bodyStart = Math.Min(headerEnd + 1, text.Length);
        if (trimmed.StartsWith('['))
        {
            return (bodyStart, IniTableEnd(text, bodyStart, maxLines));
        }

        if (trimmed.EndsWith('{') || trimmed.EndsWith('[') || trimmed.EndsWith('('))
        {
            char opening = trimmed[^1];
            int open = headerStart + header.LastIndexOf(opening);
            return (open + 1, MatchingBracket(text, open, maxLines));
        }

        int next = SkipBlankLines(text, bodyStart);
        if (next < text.Length && text[next] == '{')
        {
            return (next + 1, MatchingBracket(text, next, maxLines));
        }

        return (bodyStart, IndentedBlockEnd(text, bodyStart, Indentation(header), maxLines));
    }

    private static ReadOnlySpan<char> StripTrailingComment(ReadOnlySpan<char> line)
    {
        int hash = line.IndexOf(" #", StringComparison.Ordinal);
        int slashes = line.IndexOf(" //", StringComparison.Ordinal);
        int cut = hash < 0 ? slashes : slashes < 0 ? hash : Math.Min(hash, slashes);
        return cut < 0 ? line : line[..cut];
    }

    private static int IniTableEnd(string text, int start, int maxLines)
    {
        int position = start;
        for (int line = 0; line < maxLines && position < text.Length; line++)
        {
            int end = LineEnd(text, position);
            if (text.AsSpan(position, end - position).TrimStart().StartsWith('['))
            {
                return position;
            }

            position = end + 1;
        }

        return Math.Min(position, text.Length);
    }

    /// <summary>The bracket that closes the one at <paramref name="open"/> (`{`, `[` or `(`), skipping strings.</summary>
    private static int MatchingBracket(string text, int open, int maxLines)
    {
        char opening = text[open];
        char closing = opening switch { '[' => ']', '(' => ')', _ => '}' };
        int depth = 0, lines = 0;
        bool inString = false;
        char quote = '\0';
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' && ++lines > maxLines)
            {
                return i;
            }

            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote || c == '\n')
                {
                    inString = false;
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                inString = true;
                quote = c;
            }
            else if (c == opening)
            {
                depth++;
            }
            else if (c == closing && --depth == 0)
            {
                return i;
            }
        }

        return text.Length;
    }

    private static int IndentedBlockEnd(string text, int start, int headerIndent, int maxLines)
    {
        int position = start;
        for (int line = 0; line < maxLines && position < text.Length; line++)
        {
            int end = LineEnd(text, position);
            var content = text.AsSpan(position, end - position).TrimEnd('\r');
            var body = content.TrimStart();
            bool blankOrComment = body.IsEmpty || body.StartsWith('#');
            if (!blankOrComment && Indentation(content) <= headerIndent)
            {
                return position;
            }

            position = end + 1;
        }

        return Math.Min(position, text.Length);
    }

    private static int SkipBlankLines(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static int Indentation(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t' || line[i] == '-'))
        {
            i++;
        }

        return i;
    }

    private static int LineEnd(string text, int position)
    {
        int next = text.IndexOf('\n', position);
        return next < 0 ? text.Length : next;
    }
}
