namespace LinqSecretScan.Cli;

/// <summary>The contract's exit codes, decided in one place.</summary>
internal static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Failure = 2;
}
