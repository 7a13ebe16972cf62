using System.Text.RegularExpressions;
using LinqSecretScan.Cli;

namespace LinqSecretScan;

internal static partial class Program
{
    private static int Main(string[] args)
    {
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        try
        {
            return CliApp.Run(args, new Terminal(Console.In, Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected));
        }
#pragma warning disable CA1031 // The last line of defence: any failure is exit 2 with one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine(Packaging.LibGit2Library.Explain(ex) is { } missingLibrary
                ? $"linq-secret-scan: {missingLibrary}"
                : $"linq-secret-scan: internal error ({ex.GetType().Name}): {Sanitize(ex.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>An exception message could quote input; never let a secret out through it.</summary>
    internal static string Sanitize(string message) => Redact(message.ReplaceLineEndings(" "));

    /// <summary>Cuts whatever looks like a Linq token or webhook secret to its prefix and four characters.</summary>
    internal static string Redact(string text) =>
        SecretLike().Replace(text, m => m.Value[..Math.Min(m.Value.Length, m.Value.IndexOf('_') + 5)] + "\u2026");

    [GeneratedRegex(@"(?:linq|whsec)_[A-Za-z0-9+/=_\-.]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretLike();
}
