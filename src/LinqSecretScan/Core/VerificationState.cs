namespace LinqSecretScan.Core;

/// <summary>The contract's verification states.</summary>
internal enum VerificationState
{
    NotChecked,
    Live,
    LiveRestricted,
    Invalid,
    Unknown,
    NotVerifiable,
}

internal static class VerificationStateNames
{
    public static string ToContractName(this VerificationState state) => state switch
    {
        VerificationState.NotChecked => "not-checked",
        VerificationState.Live => "live",
        VerificationState.LiveRestricted => "live-restricted",
        VerificationState.Invalid => "invalid",
        VerificationState.Unknown => "unknown",
        VerificationState.NotVerifiable => "not-verifiable",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
