using LinqSecretScan.Core;

namespace LinqSecretScan.Verification;

/// <summary>What one check of a token concluded, and why, in words a report can show.</summary>
internal sealed record VerificationResult(VerificationState State, string? Reason)
{
    /// <summary>For a live token: the phone numbers the answer listed.</summary>
    public PhoneReach? Reach { get; init; }

    public static VerificationResult Unknown(string reason) => new(VerificationState.Unknown, reason);
}
