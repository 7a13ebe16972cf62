namespace LinqSecretScan.Cli;

/// <summary>What Program knows about the console, handed down so nothing else touches Console.</summary>
internal sealed record Terminal(TextReader In, TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal);
