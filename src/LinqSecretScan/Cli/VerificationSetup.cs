using System.Globalization;
using LinqSecretScan.Core;
using LinqSecretScan.Verification;

namespace LinqSecretScan.Cli;

/// <summary>Turns the verification options into settings, refusing bad ones before anything is scanned or sent.
/// They are checked even without --verify, and whether or not anything is found: a typo must not wait for the
/// day a token turns up.</summary>
internal static class VerificationSetup
{
    private const double MaxSeconds = 3600;

    /// <summary>The settings, or null when --verify is off.</summary>
    public static VerifierSettings? FromOptions(ScanOptions options) =>
        FromValues(options.Verify, options.ApiBaseUrl, options.VerifyTimeout, options.VerifyBudget);

    /// <summary>The same for a verb that takes the verification options without being a scan (purge-kit).</summary>
    public static VerifierSettings? FromValues(bool verify, string? apiBaseUrl, double? verifyTimeout, double? verifyBudget)
    {
        var baseUrl = ApiBaseUrl.Default;
        if (apiBaseUrl is not null && !ApiBaseUrl.TryParse(apiBaseUrl, out baseUrl, out string? reason))
        {
            throw new UsageException(reason);
        }

        var timeout = Seconds("--verify-timeout", verifyTimeout ?? VerifierSettings.DefaultTimeoutSeconds);
        var budget = Seconds("--verify-budget", verifyBudget ?? VerifierSettings.DefaultBudgetSeconds);
        return verify ? new VerifierSettings(baseUrl, timeout, budget, VerifierSettings.DefaultConcurrency) : null;
    }

    /// <summary>Verifies the tokens among the findings (one request per distinct token) and puts the verified findings
    /// in their place; says on <paramref name="error"/> how many tokens it checks, unless quiet.</summary>
    public static void Verify(ScanOutcome outcome, VerifierSettings settings, TextWriter error, bool quiet)
    {
        var verifier = new LinqTokenVerifier(settings);
        int tokens = LinqTokenVerifier.DistinctTokens(outcome.Findings).Count;
        if (tokens > 0 && !quiet)
        {
            error.WriteLine($"linq-secret-scan: verifying {tokens} token(s) with GET {verifier.Endpoint} ...");
        }

        var verified = verifier.Verify(outcome.Findings);
        outcome.Findings.Clear();
        outcome.Findings.AddRange(verified);
    }

    private static TimeSpan Seconds(string option, double value) =>
        value is > 0 and <= MaxSeconds
            ? TimeSpan.FromSeconds(value)
            : throw new UsageException($"{option} must be a number of seconds above 0 and at most {MaxSeconds} (got {value.ToString(CultureInfo.InvariantCulture)})");
}
