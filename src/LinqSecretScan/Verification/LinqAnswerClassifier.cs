using LinqSecretScan.Core;

namespace LinqSecretScan.Verification;

/// <summary>Turns one answer of GET /v3/phone_numbers into a verification state. Only Linq's own answers count:
/// a status code alone never makes a token live or invalid, because a WAF, a proxy or a captive portal can send
/// any status. Whatever is not clearly Linq's is <see cref="VerificationState.Unknown"/>, which still fails the
/// scan.</summary>
internal static class LinqAnswerClassifier
{
    public static VerificationResult Classify(HttpAnswer answer)
    {
        int status = answer.Status;
        if (status is >= 300 and < 400)
        {
            string target = answer.RedirectHost is null ? string.Empty : $" to {answer.RedirectHost}";
            return VerificationResult.Unknown($"redirect (HTTP {status}{target}) not followed");
        }

        if (status == 200)
        {
            return PhoneNumberList.Read(answer.Body.Span, answer.BodyTruncated) is { } reach
                ? new VerificationResult(VerificationState.Live, null) { Reach = reach }
                : VerificationResult.Unknown("HTTP 200, but the body is not Linq's phone number list (a proxy, a captive portal or the wrong --api-base-url?)");
        }

        var error = answer.BodyTruncated ? null : LinqErrorBody.TryParse(answer.Body);
        string retry = answer.RetryAfter is null ? string.Empty : $"; Retry-After {answer.RetryAfter}";
        if (error is null)
        {
            return VerificationResult.Unknown(status switch
            {
                429 => $"rate limited (HTTP 429{retry}); not retried",
                >= 500 => $"server error (HTTP {status}{retry})",
                _ => $"HTTP {status} with a body that is not Linq's JSON (a WAF, a proxy or the wrong --api-base-url?)",
            });
        }

        string said = Describe(status, error) + retry;
        if (error.Status is int bodyStatus && bodyStatus != status)
        {
            return VerificationResult.Unknown($"the status and Linq's error body disagree ({said}, body status {bodyStatus})");
        }

        return (status, error.Code) switch
        {
            // 2004 is the one code Linq documents for "missing or invalid authentication token". Any other 401 is
            // not enough to call a token invalid: invalid is the state `--fail-on live` lets through.
            (401, 2004) => new VerificationResult(VerificationState.Invalid, said),
            // The token authenticated but may not read phone numbers: it still works against other resources.
            (403, 2005 or 2006) => new VerificationResult(VerificationState.LiveRestricted, said),
            (429, _) => VerificationResult.Unknown($"rate limited ({said}); not retried"),
            (>= 500, _) => VerificationResult.Unknown($"server error ({said})"),
            _ => VerificationResult.Unknown($"unexpected answer ({said})"),
        };
    }

    private static string Describe(int status, LinqErrorBody error)
    {
        string code = error.Code is int c ? $", Linq error {c}" : ", Linq error without a code";
        string message = string.IsNullOrWhiteSpace(error.Message) ? string.Empty : $": {error.Message}";
        return $"HTTP {status}{code}{message}";
    }
}
