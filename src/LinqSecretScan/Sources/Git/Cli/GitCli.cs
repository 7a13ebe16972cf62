using System.ComponentModel;
using System.Diagnostics;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git.Cli;

/// <summary>Runs the git executable in a repository, with exactly the environment the program started with (so git
/// sees a hook's GIT_INDEX_FILE, or a pre-receive hook's quarantine, as the scanner does). Read-only commands only,
/// and never with a lock: GIT_OPTIONAL_LOCKS=0 keeps git from refreshing and rewriting the index, which a concurrent
/// `git add` or `git commit` would trip over.</summary>
internal sealed class GitCli(string workingDirectory, HostEnvironment host)
{
    /// <summary>The command's standard output. A git that cannot be started or fails is a <see cref="ScanException"/>
    /// whose message starts with <paramref name="why"/> (why git was asked at all) and ends with git's first line of
    /// error.</summary>
    public byte[] Run(IReadOnlyList<string> arguments, string why, string? indexPath = null) =>
        Run(arguments, why, indexPath, nothingFoundExitCode: null);

    /// <summary>As <see cref="Run(IReadOnlyList{string}, string, string?)"/>, and an exit with
    /// <paramref name="nothingFoundExitCode"/> (git config's 1 for "no such key") is empty output, not a failure.</summary>
    public byte[] Run(IReadOnlyList<string> arguments, string why, string? indexPath, int? nothingFoundExitCode)
    {
        Process process;
        try
        {
            process = Start(arguments, indexPath) ?? throw new ScanException($"{why}, and git could not be started to read it");
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
            if (process.ExitCode == nothingFoundExitCode)
            {
                return [];
            }

            if (process.ExitCode != 0)
            {
                throw new ScanException($"{why}, and git {arguments[0]} failed: {FirstLine(error.Result) ?? $"exit {process.ExitCode}"}");
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Starts git with every stream redirected; the caller talks to it. Throws
    /// <see cref="Win32Exception"/> when there is no git to start.</summary>
    /// <param name="environment">Variables to set for this command on top of the program's own.</param>
    public Process? Start(IReadOnlyList<string> arguments, string? indexPath = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in host.Variables)
        {
            info.Environment[name] = value;
        }

        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        if (indexPath is not null)
        {
            info.Environment["GIT_INDEX_FILE"] = indexPath;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info);
    }

    public static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
