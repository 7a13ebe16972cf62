using LinqSecretScan.Core;

namespace LinqSecretScan.Cli;

/// <summary>`--fail-on`: which findings make the scan fail. Only a token the Linq API itself rejected can be let
/// through, and only when asked: unknown, live, unverified and non-token findings always fail.</summary>
internal sealed class FailurePolicy
{
    private readonly bool _invalidTokensPass;

    private FailurePolicy(bool invalidTokensPass) => _invalidTokensPass = invalidTokensPass;

    public static FailurePolicy FromOptions(ScanOptions options) => (options.FailOn ?? "any").ToLowerInvariant() switch
    {
        "any" => new FailurePolicy(false),
        "live" when options.Verify => new FailurePolicy(true),
        "live" => throw new UsageException("--fail-on live needs --verify: without it no token is known to be invalid"),
        _ => throw new UsageException($"unknown --fail-on '{options.FailOn}' (expected any or live)"),
    };

    public bool Fails(Finding finding) => !(_invalidTokensPass && finding.Verification == VerificationState.Invalid);
}
