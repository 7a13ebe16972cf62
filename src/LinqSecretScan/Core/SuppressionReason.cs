namespace LinqSecretScan.Core;

/// <summary>Why a finding was not reported; every suppression is counted in the summary.</summary>
internal enum SuppressionReason
{
    AllowComment,
    IgnoreFile,
    Baseline,
}
