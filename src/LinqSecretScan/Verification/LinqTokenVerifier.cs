using System.Globalization;
using System.Net.Http.Headers;
using LinqSecretScan.Core;

namespace LinqSecretScan.Verification;

/// <summary>The verification stage: one authenticated GET per distinct Linq API token, answers classified by
/// <see cref="LinqAnswerClassifier"/>, every other finding marked not verifiable. It knows findings and HTTP,
/// nothing of git or reports. The token goes into the Authorization header of that one request and nowhere else:
/// not into a reason, not into an exception message.</summary>
internal sealed class LinqTokenVerifier(VerifierSettings settings)
{
    public const string TokenRuleId = "linq-api-token";

    /// <summary>Time for requests cancelled at the end of the budget to unwind and say so themselves.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static readonly VerificationResult BudgetExhausted = VerificationResult.Unknown("verification budget exhausted");

    public Uri Endpoint => ApiBaseUrl.Endpoint(settings.BaseUrl);

    public static IReadOnlyList<string> DistinctTokens(IEnumerable<Finding> findings) =>
        findings.Where(IsToken).Select(f => f.Secret!).Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<Finding> Verify(IReadOnlyList<Finding> findings) =>
        VerifyAsync(findings).GetAwaiter().GetResult();

    public async Task<IReadOnlyList<Finding>> VerifyAsync(IReadOnlyList<Finding> findings)
    {
        var tokens = DistinctTokens(findings);
        var results = tokens.Count == 0 ? new Dictionary<string, VerificationResult>() : await CheckAllAsync(tokens).ConfigureAwait(false);
        return findings.Select(finding =>
        {
            var result = IsToken(finding) ? results[finding.Secret!] : NotVerifiable(finding);
            return finding with { Verification = result.State, VerificationReason = result.Reason, Reach = result.Reach };
        }).ToList();
    }

    private static bool IsToken(Finding finding) => finding.RuleId == TokenRuleId && finding.Secret is not null;

    private static VerificationResult NotVerifiable(Finding finding) => new(
        VerificationState.NotVerifiable,
        finding.Secret is null ? "a file, not a token" : "only Linq API tokens can be checked with an API call");

    private async Task<Dictionary<string, VerificationResult>> CheckAllAsync(IReadOnlyList<string> tokens)
    {
        using var budget = new CancellationTokenSource(settings.Budget);
        using var client = VerifierHttpClient.Create(settings);
        using var gate = new SemaphoreSlim(settings.MaxConcurrency);
        var checks = tokens.Select(token => CheckAsync(client, gate, token, budget.Token)).ToList();

        // The budget is a promise to whoever waits (a pre-commit hook), not a hope that every await honours
        // cancellation: stop waiting when it is spent, whatever is still open.
        using var stopWaiting = new CancellationTokenSource();
        await Task.WhenAny(Task.WhenAll(checks), Task.Delay(settings.Budget + Grace, stopWaiting.Token)).ConfigureAwait(false);
        await stopWaiting.CancelAsync().ConfigureAwait(false);
        return tokens.Zip(checks).ToDictionary(
            pair => pair.First,
            pair => pair.Second.Status switch
            {
                TaskStatus.RanToCompletion => pair.Second.Result,
                TaskStatus.Faulted => VerificationResult.Unknown($"verification failed ({pair.Second.Exception!.InnerException!.GetType().Name})"),
                _ => BudgetExhausted,
            },
            StringComparer.Ordinal);
    }

    private async Task<VerificationResult> CheckAsync(HttpClient client, SemaphoreSlim gate, string token, CancellationToken budget)
    {
        if (!CanTravelInAHeader(token))
        {
            return VerificationResult.Unknown("not sent: the value has characters an Authorization header cannot carry");
        }

        try
        {
            await gate.WaitAsync(budget).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return BudgetExhausted;
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(budget);
            deadline.CancelAfter(settings.Timeout);
            var answer = await SendAsync(client, token, deadline.Token).ConfigureAwait(false);
            var result = LinqAnswerClassifier.Classify(answer);
            return result.Reason is null ? result : result with { Reason = ReasonText.Clean(result.Reason, token) };
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return BudgetExhausted;
        }
        catch (OperationCanceledException)
        {
            return VerificationResult.Unknown($"no complete answer within {settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException ex)
        {
            return VerificationResult.Unknown(ReasonText.Clean($"network error: {Describe(ex)}", token));
        }
        catch (IOException ex)
        {
            return VerificationResult.Unknown(ReasonText.Clean($"network error: {Describe(ex)}", token));
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HttpAnswer> SendAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // A fresh connection per request: SocketsHttpHandler silently re-sends a request whose pooled connection
        // was closed under it, and "exactly one request per token" means exactly one.
        request.Headers.ConnectionClose = true;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        string? retryAfter = response.Headers.RetryAfter?.ToString();
        string? redirectHost = response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.Authority : Endpoint.Authority)
            : null;
        if (status is >= 300 and < 400)
        {
            return new HttpAnswer(status, retryAfter, redirectHost, ReadOnlyMemory<byte>.Empty, false);
        }

        // One byte past the limit tells a body that goes on from one that ends exactly there; the buffer grows with
        // the body, so a short error answer does not cost a megabyte.
        var buffer = new byte[16 * 1024];
        int length = 0;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while (length <= HttpAnswer.MaxBodyBytes)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, HttpAnswer.MaxBodyBytes + 1));
                }

                if ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) == 0)
                {
                    break;
                }

                length += read;
            }
        }

        bool truncated = length > HttpAnswer.MaxBodyBytes;
        return new HttpAnswer(status, retryAfter, redirectHost, buffer.AsMemory(0, Math.Min(length, HttpAnswer.MaxBodyBytes)), truncated);
    }

    private static bool CanTravelInAHeader(string token) => token.Length > 0 && token.All(c => c is > ' ' and < '\u007f');

    /// <summary>The network stack's own words ("Connection refused (127.0.0.1:8080)"), down to the innermost
    /// cause.</summary>
    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!parts.Exists(p => p.Contains(e.Message, StringComparison.Ordinal)) && !e.Message.Contains("inner exception", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(e.Message);
            }
        }

        return parts.Count == 0 ? ex.GetType().Name : string.Join(": ", parts);
    }
}
