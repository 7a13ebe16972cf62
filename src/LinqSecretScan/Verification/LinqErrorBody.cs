using System.Text.Json;
using System.Text.Unicode;

namespace LinqSecretScan.Verification;

/// <summary>Linq's error envelope: <c>{"success":false,"error":{"status":401,"code":2004,"message":"..."},"trace_id":"..."}</c>.
/// Anything else (a WAF's HTML page, a proxy's JSON) is not one.</summary>
internal sealed record LinqErrorBody(int? Status, int? Code, string? Message)
{
    public static LinqErrorBody? TryParse(ReadOnlyMemory<byte> body)
    {
        // JsonDocument checks UTF-8 only when a string is read, and then throws something else than JsonException.
        if (!Utf8.IsValid(body.Span))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.False
                || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new LinqErrorBody(Int(error, "status"), Int(error, "code"), Text(error, "message"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? Int(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : null;

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
