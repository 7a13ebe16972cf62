using System.Text.Encodings.Web;
using System.Text.Json;
using LinqSecretScan.Core;

namespace LinqSecretScan.Reporting;

/// <summary>The contract's JSON report: one object with "findings", plus what was scanned, suppressed and not
/// readable. Written with Utf8JsonWriter (no reflection, safe under NativeAOT).</summary>
internal sealed class JsonReporter : IReporter
{
    public void Write(ScanOutcome outcome, ReportContext context, TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteEndObject();

            json.WriteStartObject("scan");
            json.WriteString("mode", context.Mode);
            json.WriteString("target", context.Description);
            json.WriteBoolean("complete", outcome.Problems.Count == 0);
            json.WriteNumber("filesScanned", outcome.FilesScanned);
            json.WriteNumber("bytesScanned", outcome.BytesScanned);
            json.WriteNumber("binaryFilesSkipped", outcome.BinaryFilesSkipped);
            json.WriteNumber("filesExcluded", outcome.FilesExcluded);
            json.WriteStartObject("suppressed");
            json.WriteNumber("total", outcome.SuppressedTotal);
            json.WriteNumber("allowComment", outcome.Suppressed.GetValueOrDefault(SuppressionReason.AllowComment));
            json.WriteNumber("ignoreFile", outcome.Suppressed.GetValueOrDefault(SuppressionReason.IgnoreFile));
            json.WriteNumber("baseline", outcome.Suppressed.GetValueOrDefault(SuppressionReason.Baseline));
            json.WriteEndObject();
            WriteStrings(json, "problems", outcome.Problems);
            WriteStrings(json, "warnings", outcome.Warnings);
            WriteStrings(json, "unusedIgnores", outcome.UnusedIgnores);
            json.WriteEndObject();

            json.WriteStartArray("findings");
            foreach (var finding in outcome.Findings)
            {
                WriteFinding(json, finding, context);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.WriteLine();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding, ReportContext context)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("rule", finding.RuleName);
        json.WriteString("path", finding.Path);
        WriteNullableNumber(json, "line", finding.Line);
        WriteNullableNumber(json, "column", finding.Column);
        WriteNullableNumber(json, "endColumn", finding.EndColumn);
        json.WriteString("commit", finding.Commit);
        json.WriteString("secret", Redaction.Apply(finding.Secret, context.ShowSecrets));
        json.WriteString("fingerprint", finding.Fingerprint);
        json.WriteString("verification", finding.Verification.ToContractName());
        if (finding.VerificationReason is not null)
        {
            json.WriteString("verificationReason", finding.VerificationReason);
        }

        if (finding.PresentAtHead is bool present)
        {
            json.WriteBoolean("presentAtHead", present);
        }

        WriteExposureAndReach(json, finding, context);
        json.WriteEndObject();
    }

    /// <summary>`exposure` (`pushed` / `unpushed`), `pushedTo` (remote names) and, with the reflog included,
    /// `onlyInReflog`; for a live token, `reach`: the phone number count, whether it is exact, and (only with
    /// --show-secrets) the numbers. The SARIF report writes the same members into a result's property bag.</summary>
    internal static void WriteExposureAndReach(Utf8JsonWriter json, Finding finding, ReportContext context)
    {
        if (finding.Exposure is { } exposure)
        {
            json.WriteString("exposure", exposure.Name);
            WriteStrings(json, "pushedTo", exposure.PushedTo);
            if (exposure.OnlyInReflog is bool onlyInReflog)
            {
                json.WriteBoolean("onlyInReflog", onlyInReflog);
            }
        }

        if (finding.Reach is { } reach)
        {
            json.WriteStartObject("reach");
            json.WriteNumber("phoneNumberCount", reach.Count);
            json.WriteBoolean("complete", reach.Complete);
            if (context.ShowSecrets)
            {
                WriteStrings(json, "phoneNumbers", reach.Numbers);
            }

            json.WriteEndObject();
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
