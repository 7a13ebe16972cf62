namespace LinqSecretScan.Verification;

/// <summary>What came back from the API, reduced to what classification needs.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="RetryAfter">The Retry-After header as sent, if any.</param>
/// <param name="RedirectHost">For a 3xx, the host the Location header points to (never its path or query, which
/// a report has no business repeating).</param>
/// <param name="Body">The start of the body, at most <see cref="MaxBodyBytes"/>.</param>
/// <param name="BodyTruncated">Whether the body went on past <see cref="Body"/>.</param>
internal sealed record HttpAnswer(int Status, string? RetryAfter, string? RedirectHost, ReadOnlyMemory<byte> Body, bool BodyTruncated)
{
    /// <summary>Error bodies are a few hundred bytes; a phone number list takes about 150 bytes per number, so 1 MiB
    /// counts several thousand numbers before the count becomes "at least".</summary>
    public const int MaxBodyBytes = 1024 * 1024;
}
