namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Tools outside the .NET SDK that some tests drive (pre-commit, shells, shellcheck). A missing one is
/// installed from Debian's packages when the tests run as root with apt-get (as CI does here); otherwise the test
/// skips and says why.</summary>
internal static class DebianTools
{
    private static readonly Lock Gate = new();
    private static bool _listsUpdated;

    /// <summary>Null when <paramref name="command"/> is on PATH (after installing <paramref name="package"/> if it was
    /// missing), else the reason it is not.</summary>
    public static string? Ensure(string command, string package)
    {
        lock (Gate)
        {
            if (Executables.Find(command) is not null)
            {
                return null;
            }

            if (!OperatingSystem.IsLinux() || Executables.Find("apt-get") is null)
            {
                return $"{command} is not installed, and there is no apt-get to install the Debian package {package}";
            }

            if (Environment.UserName != "root")
            {
                return $"{command} is not installed (apt-get install {package} needs root)";
            }

            var result = AptGet("install", "-y", "-q", "--no-install-recommends", package);
            if (result.ExitCode != 0 && !_listsUpdated)
            {
                _listsUpdated = true;
                AptGet("update", "-q");
                result = AptGet("install", "-y", "-q", "--no-install-recommends", package);
            }

            if (Executables.Find(command) is not null)
            {
                return null;
            }

            string reason = result.StdErr.Trim().Split('\n')[^1];
            return $"{command} is not installed and apt-get install {package} failed (exit {result.ExitCode}: {reason})";
        }
    }

    private static ProcessResult AptGet(params string[] arguments) =>
        ProcessRunner.Run(
            "apt-get",
            arguments,
            Path.GetTempPath(),
            new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
            timeout: TimeSpan.FromMinutes(10));
}
