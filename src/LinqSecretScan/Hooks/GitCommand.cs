using System.ComponentModel;
using System.Diagnostics;
using LinqSecretScan.Core;

namespace LinqSecretScan.Hooks;

/// <summary>The git CLI, for what only git itself answers exactly: the global config as git reads it (honouring
/// GIT_CONFIG_GLOBAL, XDG_CONFIG_HOME and HOME, which libgit2 does not all honour) and the hooks folder it runs
/// hooks from.</summary>
internal static class GitCommand
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public IReadOnlyList<string> Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public string FirstErrorLine => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? $"exit {ExitCode}";
    }

    public static Result Run(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info) ?? throw new ScanException("git could not be started");
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, output, error.Result);
        }
        catch (Win32Exception ex)
        {
            throw new ScanException($"git could not be started ({ex.Message}); installing hooks needs git on PATH", ex);
        }
    }

    /// <summary>Runs git and fails with a one-line <see cref="ScanException"/> naming <paramref name="what"/> unless
    /// it exits with one of <paramref name="accepted"/> (0 when none are given).</summary>
    public static Result RunChecked(string what, string workingDirectory, string[] arguments, params int[] accepted)
    {
        var result = Run(workingDirectory, arguments);
        if (result.ExitCode != 0 && !accepted.Contains(result.ExitCode))
        {
            throw new ScanException($"{what}: git {string.Join(' ', arguments)} failed: {result.FirstErrorLine}");
        }

        return result;
    }
}
