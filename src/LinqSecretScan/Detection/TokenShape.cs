namespace LinqSecretScan.Detection;

/// <summary>Tells a random-looking credential from an identifier, a word or a made-up value.</summary>
/// <remarks>
/// The length and alphabet of Linq tokens are not published, so nothing here depends on them. What separates a
/// token from the other things that follow `linq_` or `LINQ_API_KEY=` is randomness. Identifiers split into
/// words (`to_sql_provider`, `ConfigurationManager`, `api_v3_key`): pieces that are known programming words or
/// pronounceable, with few digit groups. Placeholders repeat or count (`xxxx`, `abc123abc123`, `123456789`).
/// A token splits into single letters, long digit runs and unpronounceable chunks, and carries enough entropy.
/// The thresholds were set on generated tokens of many shapes (base62, hex, base64, base32, UUID; see
/// TokenShapeTests), where fewer than 1 in 10,000 is missed.
/// </remarks>
internal static class TokenShape
{
    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "access", "account", "action", "active", "adapter", "add", "admin", "after", "agent", "all", "alert", "alias",
        "allow", "analytics", "any", "api", "app", "apple", "application", "apply", "args", "array", "async", "attachment",
        "audit", "auth", "author", "authorization", "auto", "available", "backend", "base", "basic", "batch", "bearer",
        "before", "binding", "body", "bot", "bridge", "broker", "buffer", "build", "builder", "bulk", "bundle", "cache",
        "call", "callback", "campaign", "capability", "chat", "chats", "check", "client", "code", "config", "configuration",
        "connect", "connection", "connector", "console", "contact", "contacts", "content", "context", "controller",
        "conversation", "core", "count", "create", "credential", "credentials", "data", "database", "debug", "default",
        "delete", "delivery", "demo", "deploy", "dev", "development", "device", "dispatch", "domain", "download", "driver",
        "dto", "edit", "element", "enabled", "endpoint", "entity", "env", "environment", "error", "event", "events",
        "example", "exception", "export", "expression", "extension", "extensions", "factory", "feature", "fetch", "field",
        "file", "filter", "find", "first", "flag", "flow", "form", "format", "from", "func", "function", "gateway",
        "generator", "get", "global", "group", "handler", "hash", "header", "headers", "health", "helper", "history",
        "hook", "hooks", "host", "http", "https", "identity", "import", "inbound", "index", "info", "init", "input",
        "insert", "instance", "integration", "interface", "internal", "invalid", "item", "items", "job", "join", "json",
        "key", "keys", "label", "length", "strength", "width", "depth", "month", "synchronization", "authentication", "last", "layer", "lib", "library", "limit", "line", "link", "linq", "list", "listener",
        "live", "load", "loader", "local", "lock", "log", "logger", "login", "lookup", "main", "manager", "map", "mapper",
        "max", "media", "member", "message", "messages", "meta", "method", "middleware", "min", "mock", "model", "module",
        "name", "new", "next", "node", "notification", "number", "numbers", "oauth", "object", "old", "one", "option",
        "options", "order", "outbound", "output", "page", "param", "params", "parser", "partner", "password", "path",
        "payload", "phone", "pipeline", "platform", "plugin", "policy", "pool", "post", "preview", "primary", "private",
        "process", "processor", "prod", "production", "profile", "provider", "proxy", "public", "publish", "query",
        "queue", "quota", "rate", "reaction", "read", "reader", "receive", "received", "receiver", "record", "redirect",
        "refresh", "region", "register", "registry", "remote", "reply", "repo", "repository", "request", "resolver",
        "resource", "response", "result", "retry", "role", "root", "route", "router", "rule", "run", "runner", "runtime",
        "sandbox", "schema", "scope", "script", "search", "secret", "secrets", "select", "send", "sender", "server",
        "service", "services", "session", "set", "setting", "settings", "setup", "shared", "signature", "signing", "sink",
        "size", "sms", "source", "spec", "sql", "staging", "start", "state", "status", "storage", "store", "stream",
        "string", "sub", "subscription", "support", "sync", "system", "table", "task", "team", "template", "test",
        "tests", "text", "thread", "time", "timeout", "to", "token", "tokens", "tool", "tools", "trace", "type", "types",
        "update", "upload", "url", "user", "util", "utils", "validate", "validator", "value", "values", "version",
        "view", "webhook", "webhooks", "with", "worker", "wrapper", "write", "writer",
    };

    public static bool LooksRandom(ReadOnlySpan<char> value)
    {
        if (value.Length < 12)
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

        if (letters == 0 || alnum < value.Length * 0.7 || alnum < 10)
        {
            // Digits only: phone numbers, timestamps, ids. Mostly punctuation: masks and separators.
            return false;
        }

        double minimumEntropy = value.Length switch
        {
            < 20 => 2.2,
            < 32 => 2.5,
            _ => 2.8,
        };
        if (ShannonEntropy(value) < minimumEntropy || IsSequential(value) || IsRepetitive(value))
        {
            return false;
        }

        return !IsIdentifierLike(value);
    }

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

    /// <summary>True when the value reads as words: split at separators, case changes and digit boundaries,
    /// every piece is a known programming word, a pronounceable chunk or a short number; the letter pieces are
    /// word-sized on average (random mixed case splits into one- and two-letter pieces) and half of them are known
    /// words unless they are long and pronounceable; few letter/digit boundaries.</summary>
    public static bool IsIdentifierLike(ReadOnlySpan<char> value)
    {
        int letterPieces = 0, letterChars = 0, singleLetters = 0, known = 0, digitBoundaries = 0;
        int i = 0;
        while (i < value.Length)
        {
            if (Classify(value[i]) < 0)
            {
                i++;
                continue;
            }

            int start = i;
            int end = PieceEnd(value, start);
            var piece = value[start..end];
            if (end < value.Length && Classify(value[end]) >= 0
                && (char.IsAsciiDigit(value[end]) != char.IsAsciiDigit(value[end - 1])))
            {
                digitBoundaries++;
            }

            if (char.IsAsciiDigit(piece[0]))
            {
                if (piece.Length > 4)
                {
                    return false;
                }
            }
            else if (piece.Length == 1 && end < value.Length
                && (char.IsAsciiDigit(value[end]) || (piece[0] == 'I' && char.IsAsciiLetterUpper(value[end]))))
            {
                // A version or size marker (v2, x64) or .NET's interface prefix (IQueryable): not a piece.
            }
            else
            {
                letterPieces++;
                letterChars += piece.Length;
                if (piece.Length == 1)
                {
                    singleLetters++;
                }

                if (CommonWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(piece))
                {
                    known++;
                }
                else if (piece.Length > 1 && !IsPronounceable(piece))
                {
                    return false;
                }
            }

            i = end;
        }

        if (letterPieces == 0 || digitBoundaries > 3)
        {
            return false;
        }

        double averageLength = (double)letterChars / letterPieces;
        return known * 2 >= letterPieces
            ? averageLength >= 2.5
            : averageLength >= 4.0 && singleLetters == 0;
    }

    /// <summary>End of the piece starting at <paramref name="start"/>: a digit run, a lower-case run (with one
    /// leading capital), or a capital run (an acronym, which ends before a capital that starts a word).</summary>
    private static int PieceEnd(ReadOnlySpan<char> value, int start)
    {
        int cls = Classify(value[start]);
        int i = start + 1;
        if (cls == 2)
        {
            while (i < value.Length && Classify(value[i]) == 2)
            {
                i++;
            }

            return i;
        }

        if (cls == 1 && i < value.Length && Classify(value[i]) == 0)
        {
            cls = 0;
        }

        if (cls == 0)
        {
            while (i < value.Length && Classify(value[i]) == 0)
            {
                i++;
            }

            return i;
        }

        while (i < value.Length && Classify(value[i]) == 1)
        {
            i++;
        }

        if (i < value.Length && Classify(value[i]) == 0 && i - start > 1)
        {
            i--;
        }

        return i;
    }

    /// <summary>A chunk a person could say: vowels in proportion, no long consonant clusters. A run of capitals
    /// longer than an acronym is not a word unless it is a known one (random base32 is all capitals).</summary>
    private static bool IsPronounceable(ReadOnlySpan<char> piece)
    {
        if (piece.Length > 20 || (piece.Length > 5 && IsAllCapitals(piece)))
        {
            return false;
        }

        int vowels = 0, consonantRun = 0, longestConsonantRun = 0;
        foreach (char c in piece)
        {
            if ("aeiouyAEIOUY".Contains(c, StringComparison.Ordinal))
            {
                vowels++;
                consonantRun = 0;
            }
            else
            {
                longestConsonantRun = Math.Max(longestConsonantRun, ++consonantRun);
            }
        }

        if (vowels == 0)
        {
            return piece.Length <= 3;
        }

        double ratio = (double)vowels / piece.Length;
        return longestConsonantRun <= 3 && ratio >= (piece.Length <= 8 ? 0.2 : 0.3);
    }

    private static bool IsAllCapitals(ReadOnlySpan<char> piece)
    {
        foreach (char c in piece)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }

        return true;
    }

    private static int Classify(char c) => c switch
    {
        >= 'a' and <= 'z' => 0,
        >= 'A' and <= 'Z' => 1,
        >= '0' and <= '9' => 2,
        _ => -1,
    };

    /// <summary>`0123456789`, `abcdefgh`: at least half of the neighbouring pairs count up or down by one.</summary>
    private static bool IsSequential(ReadOnlySpan<char> value)
    {
        int steps = 0;
        for (int i = 1; i < value.Length; i++)
        {
            int d = char.ToLowerInvariant(value[i]) - char.ToLowerInvariant(value[i - 1]);
            if (d is 1 or -1)
            {
                steps++;
            }
        }

        return steps * 2 >= value.Length - 1;
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
