using System.Text.Json;
using System.Text.RegularExpressions;
using LinqSecretScan.Core;
using LinqSecretScan.Rules;

namespace LinqSecretScan.Configuration;

/// <summary>Reads `.linqsecretscan.json` strictly: unknown keys, wrong types and invalid rules are errors that name
/// the file (and the rule), never silently ignored.</summary>
internal static class ConfigLoader
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "$schema", "exclude", "credentialNames", "envTemplateSuffixes", "maxFileSize", "rules", "fragments",
    };

    /// <summary>Loads the config; a missing default file means defaults, a missing explicit one is an error.</summary>
    public static ScanConfig Load(string path, bool explicitlyNamed)
    {
        if (!File.Exists(path))
        {
            return explicitlyNamed ? throw new ScanException($"config file not found: {path}") : ScanConfig.Default;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot read config file {path}: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    public static ScanConfig Parse(string text, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ScanException($"config file {path} is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScanException($"config file {path}: the top level must be a JSON object");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!KnownKeys.Contains(property.Name))
                {
                    throw new ScanException(
                        $"config file {path}: unknown key \"{property.Name}\" (known: {string.Join(", ", KnownKeys.Where(k => k != "$schema").Order(StringComparer.Ordinal))})");
                }
            }

            var exclude = Strings(root, "exclude", path);
            var credentialNames = Strings(root, "credentialNames", path);
            foreach (var name in credentialNames)
            {
                if (name.Length < 3 || !Regex.IsMatch(name, "^[A-Za-z0-9_.:-]+$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    throw new ScanException($"config file {path}: credentialNames entry \"{name}\" must be 3+ letters, digits, _ . : or -");
                }
            }

            var suffixes = Strings(root, "envTemplateSuffixes", path);
            long maxFileSize = ScanConfig.DefaultMaxFileSize;
            if (root.TryGetProperty("maxFileSize", out var size))
            {
                if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out maxFileSize) || maxFileSize <= 0)
                {
                    throw new ScanException($"config file {path}: \"maxFileSize\" must be a positive number of bytes");
                }
            }

            var rules = new List<Rule>();
            string source = $"config file {path}";
            var fragments = MergedFragments(root, source);
            if (root.TryGetProperty("rules", out var rulesElement))
            {
                if (rulesElement.ValueKind != JsonValueKind.Array)
                {
                    throw new ScanException($"{source}: \"rules\" must be an array of rule objects");
                }

                foreach (var element in rulesElement.EnumerateArray())
                {
                    try
                    {
                        rules.Add(RuleLoader.ReadRule(element, fragments, source, builtIn: false));
                    }
                    catch (RuleLoadException ex)
                    {
                        throw new ScanException(ex.Message, ex);
                    }
                }
            }

            if (credentialNames.Count > 0)
            {
                rules.Add(CredentialNamesRule(credentialNames, fragments, source));
            }

            return new ScanConfig
            {
                EnvTemplateSuffixes = suffixes,
                MaxFileSize = maxFileSize,
                CustomRules = rules,
                IsExcluded = ScanConfig.GlobMatcher(exclude),
            };
        }
    }

    /// <summary>The built-in fragments (%assign%, %value%, ...) are available to custom rules; a config may add
    /// its own.</summary>
    private static Dictionary<string, string> MergedFragments(JsonElement root, string source)
    {
        var fragments = new Dictionary<string, string>(RuleLoader.BuiltInFragments, StringComparer.Ordinal);
        try
        {
            foreach (var (name, value) in RuleLoader.ReadFragments(root, source))
            {
                fragments[name] = value;
            }
        }
        catch (RuleLoadException ex)
        {
            throw new ScanException(ex.Message, ex);
        }

        return fragments;
    }

    /// <summary>Extra names to treat like LINQ_API_KEY: the same assignment shapes and the same value checks.</summary>
    private static Rule CredentialNamesRule(IReadOnlyList<string> names, Dictionary<string, string> fragments, string source)
    {
        string alternatives = string.Join('|', names.Select(Regex.Escape));
        string json = RuleJson(
            id: "linq-api-token",
            name: "config-credential-names",
            pattern: $"(?<![a-z0-9])(?:{alternatives})(?:%assign%%value%|%spaceAssign%%unquotedValue%)",
            keywords: names);
        using var doc = JsonDocument.Parse(json);
        try
        {
            return RuleLoader.ReadRule(doc.RootElement, fragments, source, builtIn: false, trustedPattern: true);
        }
        catch (RuleLoadException ex)
        {
            throw new ScanException(ex.Message, ex);
        }
    }

    private static string RuleJson(string id, string name, string pattern, IReadOnlyList<string> keywords)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("name", name);
            writer.WriteString("description", "A value given to a credential name listed in credentialNames of the config file.");
            writer.WriteString("pattern", pattern);
            writer.WriteString("secretType", "credential-value");
            writer.WriteStartArray("keywords");
            foreach (var keyword in keywords)
            {
                writer.WriteStringValue(keyword);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<string> Strings(JsonElement root, string key, string path)
    {
        var list = new List<string>();
        if (!root.TryGetProperty(key, out var value))
        {
            return list;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ScanException($"config file {path}: \"{key}\" must be an array of strings");
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new ScanException($"config file {path}: \"{key}\" must be an array of non-empty strings");
            }

            list.Add(item.GetString()!);
        }

        return list;
    }
}
