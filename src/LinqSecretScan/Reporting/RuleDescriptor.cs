namespace LinqSecretScan.Reporting;

/// <summary>What a report says about a rule id: SARIF's reportingDescriptor, the text report's wording.</summary>
internal sealed record RuleDescriptor(string Id, string Name, string ShortDescription, string FullDescription, string Help, string Level)
{
    public static IReadOnlyList<RuleDescriptor> For(IEnumerable<(string Id, string Description)> ruleIds)
    {
        var list = new List<RuleDescriptor>();
        foreach (var (id, description) in ruleIds.DistinctBy(r => r.Id))
        {
            list.Add(id switch
            {
                "linq-api-token" => new RuleDescriptor(
                    id,
                    "LinqApiToken",
                    "Linq Partner API token",
                    "A Linq Partner API bearer token: the linq_ prefixed form, or a value given to a Linq credential (LINQ_API_KEY, LINQ_API_V3_API_KEY, X-LINQ-INTEGRATION-TOKEN, an SDK apiKey, a Linq config section). It decides which phone numbers can send messages, what data can be read, and the quotas.",
                    "Rotate the token in the Linq dashboard (once committed, treat it as leaked), load it from an environment variable or a secret store, and purge it from history if the repository is shared. A false positive: add 'linq-secret-scan:allow' on the line or the finding's fingerprint to .linqsecretscanignore.",
                    "error"),
                "linq-webhook-secret" => new RuleDescriptor(
                    id,
                    "LinqWebhookSecret",
                    "Linq webhook signing secret",
                    "A Linq webhook signing secret (whsec_ + base64 of 32 bytes) in a Linq context. Whoever has it can forge webhook deliveries that your endpoint will accept.",
                    "Rotate the signing secret of the webhook subscription and load it from an environment variable or a secret store.",
                    "error"),
                "linq-env-file" => new RuleDescriptor(
                    id,
                    "LinqEnvFile",
                    ".env file in git",
                    "A .env-style file (.env, .env.<anything>, <anything>.env; not templates such as .env.example) is committed, staged, or present and not ignored. These files hold credentials.",
                    "Remove it from git (git rm --cached <file>), add it to .gitignore, and commit a template such as .env.example instead. Rotate any credential it held.",
                    "warning"),
                _ => new RuleDescriptor(id, id, description.Length > 0 ? description : id, description.Length > 0 ? description : id, "Custom rule from the configuration file.", "error"),
            });
        }

        return list;
    }
}
