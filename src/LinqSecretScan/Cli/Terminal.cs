namespace LinqSecretScan.Cli;

/// <summary>What Program knows about the console, handed down so nothing else touches Console. Standard input is
/// opened when first read (only `--stdin` and the server hook read it): setting up Console.In cost a pre-commit hook
/// about half a millisecond of its start-up for nothing (perf over 40 `staged` runs).</summary>
internal sealed record Terminal(Func<TextReader> OpenIn, TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal)
{
    private TextReader? _in;

    public Terminal(TextReader input, TextWriter output, TextWriter error, bool outIsTerminal, bool errorIsTerminal)
        : this(() => input, output, error, outIsTerminal, errorIsTerminal)
    {
    }

    public TextReader In => _in ??= OpenIn();
}
