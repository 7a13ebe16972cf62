using LinqSecretScan.Cli;
using LinqSecretScan.Core;
using LinqSecretScan.Reporting;

namespace LinqSecretScan;

internal static class Program
{
    /// <summary>The only place that touches the console and reads the process's environment and working directory;
    /// everything below gets them handed down.</summary>
    private static int Main(string[] args)
    {
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        var terminal = new Terminal(() => Console.In, Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);
        return Run(args, terminal, HostEnvironment.FromProcess());
    }

    /// <summary>The whole program for one command line: the exit code, and never an exception. The tests' in-process
    /// tier runs it with writers and an environment of their own.</summary>
    internal static int Run(string[] args, Terminal terminal, HostEnvironment host)
    {
        try
        {
            return CliApp.Run(args, terminal, host);
        }
#pragma warning disable CA1031 // The last line of defence: any failure is exit 2 with one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            terminal.Error.WriteLine(Packaging.LibGit2Library.Explain(ex) is { } missingLibrary
                ? $"linq-secret-scan: {missingLibrary}"
                : $"linq-secret-scan: internal error ({ex.GetType().Name}): {Sanitize(ex.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>An exception message could quote input; never let a secret out through it.</summary>
    internal static string Sanitize(string message) => Redaction.InText(message.ReplaceLineEndings(" "));
}
