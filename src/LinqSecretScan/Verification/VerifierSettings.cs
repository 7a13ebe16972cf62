namespace LinqSecretScan.Verification;

/// <summary>Where tokens are checked and how long a scan may wait for the answers.</summary>
/// <param name="BaseUrl">The API root; the check is GET {BaseUrl}/v3/phone_numbers.</param>
/// <param name="Timeout">The longest one request may take, connection included.</param>
/// <param name="Budget">The longest the whole verification stage may take, however many tokens there are.</param>
/// <param name="MaxConcurrency">Requests in flight at once.</param>
internal sealed record VerifierSettings(Uri BaseUrl, TimeSpan Timeout, TimeSpan Budget, int MaxConcurrency)
{
    public const double DefaultTimeoutSeconds = 5;

    public const double DefaultBudgetSeconds = 20;

    /// <summary>Small on purpose: a scan that finds many tokens must not look like an attack on the API.</summary>
    public const int DefaultConcurrency = 4;
}
