using System.Text.Encodings.Web;
using System.Text.Json;
using LinqSecretScan.Core;

namespace LinqSecretScan.Reporting;

/// <summary>SARIF 2.1.0 as GitHub code scanning takes it: a driver with its rules, one result per finding with a
/// repository-relative artifact URI, a region, and partialFingerprints from the finding's fingerprint. Secrets are
/// redacted like everywhere else.</summary>
internal sealed class SarifReporter : IReporter
{
    public const string FingerprintKey = "linqSecretScan/v1";

    public void Write(ScanOutcome outcome, ReportContext context, TextWriter writer)
    {
        var rules = context.Rules.Count > 0
            ? context.Rules
            : RuleDescriptor.For(outcome.Findings.Select(f => (f.RuleId, string.Empty)));
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteString("semanticVersion", ToolInfo.Version);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                WriteRule(json, rule);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            if (context.Root is not null)
            {
                json.WriteStartObject("originalUriBaseIds");
                json.WriteStartObject("%SRCROOT%");
                json.WriteString("uri", new Uri(context.Root.EndsWith('/') ? context.Root : context.Root + "/").AbsoluteUri);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteStartArray("results");
            foreach (var finding in outcome.Findings)
            {
                WriteResult(json, finding, rules, ruleIndex, context);
            }

            json.WriteEndArray();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", outcome.Problems.Count == 0);
            if (outcome.Problems.Count > 0)
            {
                json.WriteStartArray("toolExecutionNotifications");
                foreach (var problem in outcome.Problems)
                {
                    json.WriteStartObject();
                    json.WriteString("level", "error");
                    json.WriteStartObject("message");
                    json.WriteString("text", problem);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.WriteLine();
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", rule.Name);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.ShortDescription);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", rule.FullDescription);
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", rule.Help);
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", rule.Level);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        json.WriteStringValue("secret");
        json.WriteEndArray();
        json.WriteString("precision", "high");
        json.WriteString("security-severity", rule.Level == "error" ? "9.0" : "6.0");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(
        Utf8JsonWriter json, Finding finding, IReadOnlyList<RuleDescriptor> rules, Dictionary<string, int> ruleIndex, ReportContext context)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        RuleDescriptor? descriptor = null;
        if (ruleIndex.TryGetValue(finding.RuleId, out int index))
        {
            descriptor = rules[index];
            json.WriteNumber("ruleIndex", index);
            json.WriteString("level", descriptor.Level);
        }

        string? secret = Redaction.Apply(finding.Secret, context.ShowSecrets);
        string what = descriptor?.ShortDescription ?? finding.RuleId;
        string text = secret is null ? $"{what}: {finding.Path}" : $"{what} {secret} in {finding.Path}";
        if (finding.Verification != VerificationState.NotChecked)
        {
            text += $" (verification: {finding.Verification.ToContractName()})";
        }

        json.WriteStartObject("message");
        json.WriteString("text", text);
        json.WriteEndObject();

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", RelativeUri(finding.Path));
        json.WriteString("uriBaseId", "%SRCROOT%");
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", finding.Line ?? 1);
        if (finding.Column is int column)
        {
            json.WriteNumber("startColumn", column);
            json.WriteNumber("endLine", finding.Line ?? 1);
            json.WriteNumber("endColumn", finding.EndColumn ?? column + 1);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, finding.Fingerprint);
        json.WriteEndObject();

        json.WriteStartObject("properties");
        json.WriteString("rule", finding.RuleName);
        json.WriteString("fingerprint", finding.Fingerprint);
        json.WriteString("secret", secret);
        json.WriteString("commit", finding.Commit);
        json.WriteString("verification", finding.Verification.ToContractName());
        if (finding.VerificationReason is not null)
        {
            json.WriteString("verificationReason", finding.VerificationReason);
        }

        if (finding.PresentAtHead is bool present)
        {
            json.WriteBoolean("presentAtHead", present);
        }

        JsonReporter.WriteExposureAndReach(json, finding, context);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A repository-relative URI reference: each path segment percent-encoded (spaces, newlines, quotes,
    /// non-ASCII), `/` kept.</summary>
    internal static string RelativeUri(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
