namespace LinqSecretScan.Cli;

internal static class ConsoleStyle
{
    /// <summary>Colours only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color.</summary>
    public static bool UseColor(Terminal terminal, bool noColorOption, bool writingToFile) =>
        !noColorOption
        && !writingToFile
        && terminal.OutIsTerminal
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}
