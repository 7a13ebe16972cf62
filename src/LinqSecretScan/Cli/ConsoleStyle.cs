using LinqSecretScan.Core;

namespace LinqSecretScan.Cli;

internal static class ConsoleStyle
{
    /// <summary>Colours only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color.</summary>
    public static bool UseColor(Terminal terminal, HostEnvironment host, bool noColorOption, bool writingToFile) =>
        !noColorOption
        && !writingToFile
        && terminal.OutIsTerminal
        && host.Variable("NO_COLOR") is null
        && host.Variable("TERM") is not "dumb";
}
