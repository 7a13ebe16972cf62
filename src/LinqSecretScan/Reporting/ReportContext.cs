namespace LinqSecretScan.Reporting;

/// <summary>What a reporter needs to know about the scan besides its outcome.</summary>
internal sealed record ReportContext(string Mode, string Description, bool ShowSecrets, bool Color)
{
    public IReadOnlyList<RuleDescriptor> Rules { get; init; } = [];

    /// <summary>The absolute root that report paths are relative to.</summary>
    public string? Root { get; init; }
}
