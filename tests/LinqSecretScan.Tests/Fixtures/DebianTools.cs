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

    /// <summary>Null when python3 can import <paramref name="module"/> (after installing <paramref name="package"/> if it
    /// could not), else the reason it cannot.</summary>
    public static string? EnsurePythonModule(string module, string package)
    {
        if (Ensure("python3", "python3") is { } noPython)
        {
            return noPython;
        }

        lock (Gate)
        {
            if (CanImport(module))
            {
                return null;
            }

            if (!OperatingSystem.IsLinux() || Executables.Find("apt-get") is null || Environment.UserName != "root")
            {
                return $"python3 cannot import {module} (the Debian package {package} installs it; apt-get needs root)";
            }

            var result = AptGet("install", "-y", "-q", "--no-install-recommends", package);
            if (result.ExitCode != 0 && !_listsUpdated)
            {
                _listsUpdated = true;
                AptGet("update", "-q");
                result = AptGet("install", "-y", "-q", "--no-install-recommends", package);
            }

            return CanImport(module) ? null : $"python3 cannot import {module} and apt-get install {package} failed (exit {result.ExitCode})";
        }
    }

    private static bool CanImport(string module) =>
        ProcessRunner.Run("python3", ["-c", $"import {module}"], Path.GetTempPath()).ExitCode == 0;

    private static ProcessResult AptGet(params string[] arguments) =>
        ProcessRunner.Run(
            "apt-get",
            arguments,
            Path.GetTempPath(),
            new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
            timeout: TimeSpan.FromMinutes(10));
}
