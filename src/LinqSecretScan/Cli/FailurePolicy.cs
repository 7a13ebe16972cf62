using LinqSecretScan.Core;

namespace LinqSecretScan.Cli;

/// <summary>`--fail-on`: which findings make the scan fail. Only a token the Linq API itself rejected can be let
/// through, and only when asked: unknown, live, unverified and non-token findings always fail.</summary>
internal sealed class FailurePolicy
{
    private readonly bool _invalidTokensPass;

    private FailurePolicy(bool invalidTokensPass) => _invalidTokensPass = invalidTokensPass;

    public static FailurePolicy FromOptions(string? failOn, bool verify) => (failOn ?? "any").ToLowerInvariant() switch
    {
        "any" => new FailurePolicy(false),
        "live" when verify => new FailurePolicy(true),
        "live" => throw new UsageException("--fail-on live needs --verify: without it no token is known to be invalid"),
        _ => throw new UsageException($"unknown --fail-on {StrictCommandLine.Quote(failOn!)} (expected any or live)"),
    };

    public bool Fails(Finding finding) => !(_invalidTokensPass && finding.Verification == VerificationState.Invalid);
}
