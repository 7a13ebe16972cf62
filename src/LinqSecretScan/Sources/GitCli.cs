using System.ComponentModel;
using System.Diagnostics;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>Runs the git CLI for what LibGit2Sharp 0.32 cannot read (split and sparse indexes). Read-only commands
/// only, and never with a lock: GIT_OPTIONAL_LOCKS=0 keeps git from refreshing and rewriting the index, which a
/// concurrent `git add` or `git commit` would trip over.</summary>
internal static class GitCli
{
    /// <summary>The command's standard output. A git that cannot be started or fails is a <see cref="ScanException"/>
    /// whose message starts with <paramref name="why"/> (why git was asked at all) and ends with git's first line of
    /// error.</summary>
    public static byte[] Run(string workTree, IReadOnlyList<string> arguments, string why, string? indexPath = null)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workTree,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        if (indexPath is not null)
        {
            info.Environment["GIT_INDEX_FILE"] = indexPath;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ScanException($"{why}, and git could not be started to read it");
        }
        catch (Win32Exception ex)
        {
            throw new ScanException($"{why}, and git could not be started to read it ({ex.Message})", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            using var buffer = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string reason = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit {process.ExitCode}";
                throw new ScanException($"{why}, and git {arguments[0]} failed: {reason}");
            }

            return buffer.ToArray();
        }
    }
}
