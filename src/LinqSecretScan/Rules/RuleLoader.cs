using System.Text.Json;
using System.Text.RegularExpressions;

namespace LinqSecretScan.Rules;

/// <summary>Reads rules from JSON: the embedded built-in file and custom rules from a config file share one
/// schema. Every problem is a <see cref="RuleLoadException"/> naming the source and the rule.</summary>
internal static class RuleLoader
{
    /// <summary>Built-in patterns: bounded quantifiers and literal starts keep the backtracking interpreter
    /// linear in practice, and it compiles a pattern in microseconds where NonBacktracking takes milliseconds
    /// (about 50 ms for the built-in set, measured: too much for a pre-commit hook).</summary>
    public const RegexOptions BuiltInOptions =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.ExplicitCapture;

    /// <summary>Custom patterns come from users: they run NonBacktracking, linear whatever they say.</summary>
    public const RegexOptions CustomOptions = BuiltInOptions | RegexOptions.NonBacktracking;

    /// <summary>A fuse: a pattern that takes this long on one window ends the scan of that file with an error.</summary>
    public const int MatchTimeoutMilliseconds = 5000;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    internal const string ResourceName = "LinqSecretScan.Rules.rules.json";

    private static readonly Lazy<(RuleSet Rules, IReadOnlyDictionary<string, string> Fragments)> BuiltInRules = new(LoadBuiltInUncached);

    public static RuleSet BuiltIn => BuiltInRules.Value.Rules;

    /// <summary>The fragments of the built-in rule file, which custom rules may use too.</summary>
    public static IReadOnlyDictionary<string, string> BuiltInFragments => BuiltInRules.Value.Fragments;

    private static (RuleSet, IReadOnlyDictionary<string, string>) LoadBuiltInUncached()
    {
        using var stream = typeof(RuleLoader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new RuleLoadException($"built-in rules: resource {ResourceName} is missing from the build");
        using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        var fragments = ReadFragments(root, "built-in rules");
        // Each fragment expanded once, so each pattern is expanded in one pass: expanding every pattern level by level
        // made loading the rules allocate 302 KB at every start instead of 222 KB. The same text as expanding the
        // patterns themselves (BuiltInPatternsTests): no built-in fragment holds a '%' of its own.
        var expandedFragments = fragments.ToDictionary(f => f.Key, f => Expand(f.Value, fragments, $"built-in rules: fragment '{f.Key}'"), StringComparer.Ordinal);
        var rules = new List<Rule>();
        foreach (var element in root.GetProperty("rules").EnumerateArray())
        {
            rules.Add(ReadRule(element, expandedFragments, "built-in rules", builtIn: true));
        }

        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("knownExampleSecrets", out var knownElement))
        {
            foreach (var hash in knownElement.GetProperty("sha256").EnumerateArray())
            {
                known.Add(hash.GetString()!);
            }
        }

        Regex? packageArtifacts = null;
        if (root.TryGetProperty("packageArtifacts", out var artifacts))
        {
            string paths = artifacts.GetProperty("paths").GetString()!;
            packageArtifacts = Prepare(paths, BuiltInOptions, "built-in rules: packageArtifacts", "paths", eager: true).Value;
        }

        string assignment = Expand(root.GetProperty("variableAssignment").GetProperty("pattern").GetString()!, expandedFragments, "built-in rules: variableAssignment");
        var variableAssignment = Prepare(assignment, BuiltInOptions, "built-in rules: variableAssignment", "pattern", eager: false);

        var env = root.GetProperty("envFile");
        var envRule = new EnvFileRule(
            env.GetProperty("id").GetString()!,
            env.GetProperty("description").GetString() ?? string.Empty,
            new HashSet<string>(ReadStrings(env, "templateSuffixes"), StringComparer.OrdinalIgnoreCase),
            ReadStrings(env, "examples"),
            ReadStrings(env, "counterExamples"));
        return (new RuleSet(rules, envRule, known) { PackageArtifacts = packageArtifacts, VariableAssignment = variableAssignment }, fragments);
    }

    public static IReadOnlyDictionary<string, string> ReadFragments(JsonElement root, string source)
    {
        var fragments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("fragments", out var element))
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new RuleLoadException($"{source}: \"fragments\" must be an object of strings");
            }

            foreach (var property in element.EnumerateObject())
            {
                fragments[property.Name] = property.Value.GetString()
                    ?? throw new RuleLoadException($"{source}: fragment '{property.Name}' must be a string");
            }
        }

        return fragments;
    }

    private static readonly HashSet<string> KnownRuleKeys = new(StringComparer.Ordinal)
    {
        "id", "name", "description", "kind", "keywords", "paths", "window", "pattern", "header", "secretType",
        "examples", "counterExamples", "examplePath", "hosts", "accept",
    };

    /// <summary>Reads one rule object. Unknown keys, a missing id or pattern, or a pattern that does not compile
    /// are errors.</summary>
    /// <param name="trustedPattern">Patterns this program writes itself (from credentialNames) use the built-in
    /// engine like the built-in rules, compiled at once; users' patterns run NonBacktracking.</param>
    public static Rule ReadRule(JsonElement element, IReadOnlyDictionary<string, string> fragments, string source, bool builtIn, bool trustedPattern = false)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RuleLoadException($"{source}: each rule must be a JSON object");
        }

        string? id = OptionalString(element, "id", source, "(unnamed)");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new RuleLoadException($"{source}: a rule has no \"id\"");
        }

        string name = OptionalString(element, "name", source, id) ?? id;
        string label = $"{source}: rule '{name}'";
        foreach (var property in element.EnumerateObject())
        {
            if (!KnownRuleKeys.Contains(property.Name))
            {
                throw new RuleLoadException($"{label}: unknown key \"{property.Name}\"");
            }
        }

        var kind = (OptionalString(element, "kind", source, name) ?? "regex") switch
        {
            "regex" => RuleKind.Regex,
            "section" => RuleKind.Section,
            "request" => RuleKind.Request,
            "file" => RuleKind.File,
            "kubernetes-secret" => RuleKind.KubernetesSecret,
            var other => throw new RuleLoadException($"{label}: unknown kind \"{other}\" (expected regex, section, request, file or kubernetes-secret)"),
        };
        var accept = (OptionalString(element, "accept", source, name) ?? "always") switch
        {
            "always" => RuleAcceptance.Always,
            "linq-vendor" => RuleAcceptance.LinqVendor,
            var other => throw new RuleLoadException($"{label}: unknown accept \"{other}\" (expected always or linq-vendor)"),
        };
        var hosts = ReadStrings(element, "hosts", label);
        if (kind == RuleKind.Request && hosts.Count == 0)
        {
            throw new RuleLoadException($"{label}: a request rule needs \"hosts\"");
        }
        var secretType = (OptionalString(element, "secretType", source, name) ?? "any") switch
        {
            "prefixed-token" => SecretType.PrefixedToken,
            "credential-value" => SecretType.CredentialValue,
            "webhook-secret" => SecretType.WebhookSecret,
            "any" => SecretType.Any,
            var other => throw new RuleLoadException(
                $"{label}: unknown secretType \"{other}\" (expected any, credential-value, prefixed-token or webhook-secret)"),
        };

        string pattern = OptionalString(element, "pattern", source, name)
            ?? throw new RuleLoadException($"{label}: no \"pattern\"");
        var options = builtIn || trustedPattern ? BuiltInOptions : CustomOptions;
        string expanded = Expand(pattern, fragments, label);
        if (!expanded.Contains("(?<secret>", StringComparison.Ordinal) && !expanded.Contains("(?<var>", StringComparison.Ordinal))
        {
            throw new RuleLoadException($"{label}: the pattern has no group named 'secret', e.g. (?<secret>...)");
        }

        var regex = Prepare(expanded, options, label, "pattern", eager: !builtIn);

        Lazy<Regex>? header = null;
        string? expandedHeader = null;
        if (kind is RuleKind.Section or RuleKind.KubernetesSecret)
        {
            string headerPattern = OptionalString(element, "header", source, name)
                ?? throw new RuleLoadException($"{label}: a {(kind == RuleKind.Section ? "section" : "kubernetes-secret")} rule needs a \"header\" pattern");
            expandedHeader = Expand(headerPattern, fragments, label);
            header = Prepare(expandedHeader, options, label, "header", eager: !builtIn);
        }

        Regex? paths = null;
        string? pathPattern = OptionalString(element, "paths", source, name);
        if (pathPattern is not null)
        {
            paths = Prepare(pathPattern, options, label, "paths", eager: true).Value;
        }

        var keywords = ReadStrings(element, "keywords", label);
        if (keywords.Any(k => k.Length == 0))
        {
            throw new RuleLoadException($"{label}: a keyword is empty");
        }

        if (builtIn && keywords.Count == 0 && paths is null)
        {
            throw new RuleLoadException($"{label}: needs \"keywords\" or \"paths\" (a rule without either would run on every file)");
        }

        int before = 0, after = 0;
        if (element.TryGetProperty("window", out var window))
        {
            before = ReadWindow(window, "before", label);
            after = ReadWindow(window, "after", label);
        }

        return new Rule
        {
            Id = id,
            Name = name,
            Description = OptionalString(element, "description", source, name) ?? string.Empty,
            Kind = kind,
            Keywords = keywords,
            Paths = paths,
            LinesBefore = before,
            LinesAfter = after,
            LazyPattern = regex,
            PatternSource = expanded,
            IsSourceGenerated = builtIn && BuiltInPatterns.Find(expanded) is not null
                && (expandedHeader is null || BuiltInPatterns.Find(expandedHeader) is not null)
                && (pathPattern is null || BuiltInPatterns.Find(pathPattern) is not null),
            LazyHeader = header,
            SecretType = secretType,
            Examples = ReadStrings(element, "examples", label),
            CounterExamples = ReadStrings(element, "counterExamples", label),
            ExamplePath = OptionalString(element, "examplePath", source, name),
            Hosts = hosts,
            Accept = accept,
            IsBuiltIn = builtIn,
        };
    }

    private static int ReadWindow(JsonElement window, string key, string label)
    {
        if (!window.TryGetProperty(key, out var value))
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int lines) || lines is < 0 or > 200)
        {
            throw new RuleLoadException($"{label}: window.{key} must be a whole number from 0 to 200");
        }

        return lines;
    }

    /// <summary>Replaces each %name% with its fragment, and the fragments' own %name%s, up to 8 levels deep.</summary>
    public static string Expand(string pattern, IReadOnlyDictionary<string, string> fragments, string label)
    {
        for (int depth = 0; depth < 8 && pattern.Contains('%', StringComparison.Ordinal); depth++)
        {
            string expanded = ExpandOnce(pattern, fragments, label);
            if (expanded == pattern)
            {
                break;
            }

            pattern = expanded;
        }

        return pattern;
    }

    /// <summary>Each %name% (a letter, then letters and digits) replaced by its fragment, left to right, as
    /// `Regex.Replace(pattern, "%([A-Za-z][A-Za-z0-9]*)%", …)` would; by hand, since every run expands the built-in
    /// rules and a regex built for it cost start-up time.</summary>
    private static string ExpandOnce(string pattern, IReadOnlyDictionary<string, string> fragments, string label)
    {
        var result = new System.Text.StringBuilder(pattern.Length);
        int i = 0;
        while (i < pattern.Length)
        {
            int end = i + 1;
            if (pattern[i] == '%' && end < pattern.Length && char.IsAsciiLetter(pattern[end]))
            {
                while (end < pattern.Length && char.IsAsciiLetterOrDigit(pattern[end]))
                {
                    end++;
                }

                if (end < pattern.Length && pattern[end] == '%')
                {
                    string name = pattern[(i + 1)..end];
                    result.Append(fragments.TryGetValue(name, out var fragment) ? fragment : throw new RuleLoadException($"{label}: unknown fragment %{name}%"));
                    i = end + 1;
                    continue;
                }
            }

            result.Append(pattern[i]);
            i++;
        }

        return result.ToString();
    }

    private static Lazy<Regex> Prepare(string pattern, RegexOptions options, string label, string what, bool eager)
    {
        if (options == BuiltInOptions && BuiltInPatterns.Find(pattern) is { } generated)
        {
            return new Lazy<Regex>(generated);
        }

        if (!eager)
        {
            return new Lazy<Regex>(() => Compile(pattern, options, label, what));
        }

        var compiled = Compile(pattern, options, label, what);
        return new Lazy<Regex>(compiled);
    }

    private static Regex Compile(string pattern, RegexOptions options, string label, string what)
    {
        try
        {
            return new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            string reason = ex.Message.ReplaceLineEndings(" ");
            throw new RuleLoadException($"{label}: invalid {what} regex: {reason}");
        }
        catch (NotSupportedException ex)
        {
            string reason = ex.Message.ReplaceLineEndings(" ");
            throw new RuleLoadException($"{label}: {what} regex uses a construct the linear-time engine does not support ({reason})");
        }
    }

    private static string? OptionalString(JsonElement element, string key, string source, string rule)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RuleLoadException($"{source}: rule '{rule}': \"{key}\" must be a string");
    }

    private static List<string> ReadStrings(JsonElement element, string key, string? label = null)
    {
        var list = new List<string>();
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return list;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new RuleLoadException($"{label ?? "rules"}: \"{key}\" must be an array of strings");
        }

        foreach (var item in value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new RuleLoadException($"{label ?? "rules"}: \"{key}\" must be an array of strings"));
        }

        return list;
    }
}
