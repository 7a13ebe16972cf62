using System.Text;
using LinqSecretScan.Completion;
using LinqSecretScan.Core;

namespace LinqSecretScan.Cli;

/// <summary>`--help` laid out the way gitleaks and trufflehog lay theirs out (usage, examples, options), from
/// <see cref="CommandSchema"/>: what help shows is what the parser accepts.</summary>
internal static class HelpScreen
{
    private const int Width = 100;
    private const string ExitCodes = "Exit codes: 0 done and no findings, 1 findings, 2 error (bad usage, not a repository, a scan that could not complete).";

    public static string ForProgram()
    {
        var text = new StringBuilder();
        text.Append($"{CommandSchema.Program} {ToolInfo.Version}: keeps Linq Partner API tokens, webhook signing secrets and .env files out of git.\n\n");
        text.Append($"Usage:\n  {CommandSchema.Program} <command> [options]\n\n");
        var commands = CommandSchema.Verbs.Select(v => (v.Name, v.HelpText))
            .Append(("help", $"Show the help of a command: {CommandSchema.Program} help <command>."))
            .ToList();
        Table(text, "Commands:", commands);
        Table(text, "Options:", [Row(CommandSchema.Help, indentLong: false), Row(CommandSchema.Version, indentLong: false)]);
        text.Append($"Run '{CommandSchema.Program} <command> --help' for the options and examples of a command.\n");
        text.Append(Wrap(ExitCodes, 0));
        return text.ToString();
    }

    public static string ForVerb(VerbSpec verb)
    {
        var text = new StringBuilder();
        text.Append(Wrap($"{CommandSchema.Program} {verb.Name}: {verb.HelpText}", 0)).Append('\n');
        string arguments = string.Concat(verb.Arguments.Select(a => a.Required ? $" {a.MetaName}" : $" [{a.MetaName}]"));
        text.Append($"Usage:\n  {CommandSchema.Program} {verb.Name}{arguments} [options]\n\n");
        if (verb.Examples.Count > 0)
        {
            text.Append("Examples:\n");
            foreach (var example in verb.Examples)
            {
                text.Append($"  # {example.Description}\n  {example.CommandLine}\n");
            }

            text.Append('\n');
        }

        if (verb.Arguments.Count > 0)
        {
            Table(text, "Arguments:", [.. verb.Arguments.Select(a => (a.MetaName, WithValues(a.HelpText, a.Values, null)))]);
        }

        bool anyShort = verb.Options.Any(o => o.ShortName is not null);
        Table(text, "Options:", [.. verb.Options.Select(o => Row(o, anyShort))]);
        text.Append(Wrap(ExitCodes, 0));
        return text.ToString();
    }

    private static (string Name, string Text) Row(OptionSpec option, bool indentLong)
    {
        string names = option.ShortName is not null ? $"-{option.ShortName}, --{option.LongName}"
            : indentLong ? $"    --{option.LongName}"
            : $"--{option.LongName}";
        if (option.TakesValue)
        {
            names += $" {option.MetaValue}";
        }

        return (names, WithValues(option.HelpText, option.Values, option.Default));
    }

    private static string WithValues(string help, IReadOnlyList<string> values, string? fallback)
    {
        string text = help;
        if (values.Count > 0 && !values.All(v => help.Contains(v, StringComparison.Ordinal)))
        {
            text += $" One of: {string.Join(", ", values)}.";
        }

        return fallback is null ? text : $"{text} Default: {fallback}.";
    }

    private static void Table(StringBuilder text, string heading, IReadOnlyList<(string Name, string Text)> rows)
    {
        int column = rows.Max(r => r.Name.Length) + 4;
        text.Append(heading).Append('\n');
        foreach (var (name, description) in rows)
        {
            string first = $"  {name}".PadRight(column);
            text.Append(first).Append(Wrap(description, column)[column..]);
        }

        text.Append('\n');
    }

    /// <summary>Word-wraps to <see cref="Width"/> columns, every line indented by <paramref name="indent"/> spaces
    /// (the first one too, so a caller can replace it), each line ending with a newline.</summary>
    private static string Wrap(string text, int indent)
    {
        var lines = new StringBuilder();
        var line = new StringBuilder(new string(' ', indent));
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > indent && line.Length + 1 + word.Length > Width)
            {
                lines.Append(line).Append('\n');
                line.Clear().Append(' ', indent);
            }

            if (line.Length > indent)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        return lines.Append(line).Append('\n').ToString();
    }
}
