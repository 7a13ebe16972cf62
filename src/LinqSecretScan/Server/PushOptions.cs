using System.Globalization;
using LinqSecretScan.Core;

namespace LinqSecretScan.Server;

/// <summary>The push options of this push that concern the scanner: git gives a pre-receive hook
/// `GIT_PUSH_OPTION_COUNT` and `GIT_PUSH_OPTION_0…` for `git push -o …`, once the server sets
/// `receive.advertisePushOptions`.</summary>
/// <param name="BypassRequested">`linq-secret-scan.bypass` was given, with a reason or without.</param>
/// <param name="BypassReason">The reason after `=`, trimmed; null when none was given.</param>
internal sealed record PushOptions(bool BypassRequested, string? BypassReason)
{
    public const string Bypass = "linq-secret-scan.bypass";

    public static PushOptions From(HostEnvironment host)
    {
        if (!int.TryParse(host.Variable("GIT_PUSH_OPTION_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            return new PushOptions(false, null);
        }

        bool requested = false;
        string? reason = null;
        for (int i = 0; i < count; i++)
        {
            string option = host.Variable($"GIT_PUSH_OPTION_{i}") ?? string.Empty;
            if (option == Bypass)
            {
                requested = true;
            }
            else if (option.StartsWith(Bypass + "=", StringComparison.Ordinal))
            {
                requested = true;
                string given = option[(Bypass.Length + 1)..].Trim();
                reason = given.Length > 0 ? given : reason;
            }
        }

        return new PushOptions(requested, reason);
    }
}
