namespace LinqSecretScan.Cli;

/// <summary>What Program knows about the console, handed down so nothing else touches Console.</summary>
internal sealed record Terminal(TextReader In, TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal)
{
    /// <summary>For tests and redirected runs: plain writers, no terminal.</summary>
    public static Terminal Redirected(TextWriter output, TextWriter error, TextReader? input = null) =>
        new(input ?? TextReader.Null, output, error, false, false);
}
