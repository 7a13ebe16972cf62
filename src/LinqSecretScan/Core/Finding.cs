namespace LinqSecretScan.Core;

/// <summary>A reportable finding. <see cref="Secret"/> is the whole secret: reporters redact it unless asked not
/// to; it is null for file-name findings.</summary>
internal sealed record Finding
{
    public required string RuleId { get; init; }

    /// <summary>The rule that matched (several rules report under one rule id).</summary>
    public required string RuleName { get; init; }

    public required string Path { get; init; }

    public long? Line { get; init; }

    public int? Column { get; init; }

    public int? EndColumn { get; init; }

    public string? Commit { get; init; }

    public string? Secret { get; init; }

    public required string Fingerprint { get; init; }

    public VerificationState Verification { get; init; } = VerificationState.NotChecked;

    public string? VerificationReason { get; init; }

    /// <summary>For history scans: whether the same secret is still in that file at HEAD.</summary>
    public bool? PresentAtHead { get; init; }

    /// <summary>For history and commits scans: whether the commit that introduced it was pushed, and where.</summary>
    public Exposure? Exposure { get; init; }

    /// <summary>For a token the Linq API answered as live: the phone numbers that one answer listed.</summary>
    public PhoneReach? Reach { get; init; }
}
