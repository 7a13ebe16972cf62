using System.Text.RegularExpressions;
using LinqSecretScan.Completion;
using LinqSecretScan.Reporting;

namespace LinqSecretScan.Cli;

/// <summary>Reads a command line word by word against <see cref="CommandSchema"/> and refuses, before anything runs,
/// the first word it cannot place, with one line that names it. CommandLineParser 2.9.1 cannot be trusted to refuse:
/// it drops an option that ends the line without its value, ignores extra words and all but the first of several
/// values, reads `--verify=false` as true, takes `1,5` for 15 and `-3` for a value. It only ever sees the canonical
/// form of a line this class accepted (<see cref="CommandLineRequest.ToParserArguments"/>).</summary>
/// <remarks>
/// The syntax is getopt's, as git, gitleaks (pflag) and most Unix tools take it:
/// <list type="bullet">
/// <item>`--name value` and `--name=value`; `-C value`, `-Cvalue`, `-C=value`; switches bundle (`-qC path`).</item>
/// <item>A value that starts with '-' must be joined (`--output=-x`); as a separate word it is taken for a forgotten
/// value (`--format --verify`), except `-` alone (standard output for `-o`).</item>
/// <item>`--` ends the options: every later word is an argument, even one that starts with '-'.</item>
/// <item>Names are case-sensitive; no option may be given twice; no value may be empty; a switch takes no value;
/// numbers are plain decimals (`2`, `0.5`).</item>
/// <item>`-h`/`--help` anywhere in an otherwise valid line prints that verb's help; `--version` stands alone.</item>
/// </list>
/// </remarks>
internal static partial class StrictCommandLine
{
    public static CommandLineRequest Parse(IReadOnlyList<string> args, IReadOnlyList<VerbSpec> verbs)
    {
        if (args.Count == 0)
        {
            return new CommandLineRequest(CommandLineAction.NoCommand, null);
        }

        string first = args[0];
        if (first == CommandSchema.HelpVerb || IsHelpWord(first))
        {
            return ParseHelp(args, verbs);
        }

        if (first == CommandSchema.Version.Display)
        {
            return args.Count == 1
                ? new CommandLineRequest(CommandLineAction.Version, null)
                : throw new UsageException($"unexpected word {Quote(args[1])} after --version (it takes nothing else)");
        }

        if (first.StartsWith('-') && first.Length > 1)
        {
            string name = OptionName(first);
            throw verbs.Any(v => v.Options.Any(o => Names(o).Contains(name)))
                ? new UsageException($"option {Quote(first)} comes before the command; options go after it: {CommandSchema.Program} <command> {name} ...")
                : new UsageException($"unknown option {Quote(first)} (the command comes first: {CommandSchema.Program} <command> [options])");
        }

        var verb = verbs.FirstOrDefault(v => v.Name == first) ?? throw UnknownCommand(first, verbs);
        return new VerbLine(verb, verbs, args).Parse();
    }

    /// <summary>`help [COMMAND]`, `--help [COMMAND]`, `-h [COMMAND]`: the command's help, or the program's.</summary>
    private static CommandLineRequest ParseHelp(IReadOnlyList<string> args, IReadOnlyList<VerbSpec> verbs)
    {
        string? topic = null;
        foreach (string word in args.Skip(1))
        {
            if (IsHelpWord(word))
            {
                continue;
            }

            if (word.StartsWith('-') && word.Length > 1)
            {
                throw new UsageException($"unknown option {Quote(word)} for help (usage: {CommandSchema.Program} help [<command>])");
            }

            if (topic is not null)
            {
                throw new UsageException($"unexpected word {Quote(word)}: help takes one command (usage: {CommandSchema.Program} help [<command>])");
            }

            if (word != CommandSchema.HelpVerb && verbs.All(v => v.Name != word))
            {
                throw UnknownCommand(word, verbs);
            }

            topic = word;
        }

        return new CommandLineRequest(CommandLineAction.Help, verbs.FirstOrDefault(v => v.Name == topic));
    }

    private static bool IsHelpWord(string word) => word is "-h" or "--help";

    private static UsageException UnknownCommand(string word, IReadOnlyList<VerbSpec> verbs)
    {
        var sameButCase = verbs.FirstOrDefault(v => string.Equals(v.Name, word, StringComparison.OrdinalIgnoreCase));
        return new UsageException(sameButCase is not null
            ? $"unknown command {Quote(word)} (did you mean '{sameButCase.Name}'?)"
            : $"unknown command {Quote(word)} (commands: {string.Join(", ", verbs.Select(v => v.Name))}, help)");
    }

    /// <summary>`--name` of `--name=value`, `-C` of `-Cvalue`.</summary>
    private static string OptionName(string word) =>
        word.StartsWith("--", StringComparison.Ordinal) ? (word.IndexOf('=', StringComparison.Ordinal) is int eq and > 0 ? word[..eq] : word) : word[..2];

    private static IEnumerable<string> Names(OptionSpec option) =>
        option.ShortName is null ? [option.Display] : [$"-{option.ShortName}", option.Display];

    /// <summary>A word as messages show it: quoted, on one line, control characters escaped, and a secret-looking
    /// value cut short (a token pasted in the wrong place must not end up whole in a CI log).</summary>
    internal static string Quote(string word) => $"'{TextReporter.Printable(Redaction.InText(word))}'";

    /// <summary>The one number syntax taken: plain decimals, as people write seconds. CommandLineParser would also
    /// take `1,5` (as 15), `1e3`, `NaN` and `Infinity`.</summary>
    [GeneratedRegex(@"^(?:[0-9]{1,9}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();

    /// <summary>The words after a verb.</summary>
    private sealed class VerbLine(VerbSpec verb, IReadOnlyList<VerbSpec> verbs, IReadOnlyList<string> args)
    {
        private readonly List<GivenOption> _options = [];
        private readonly Dictionary<string, string> _givenAs = new(StringComparer.Ordinal);
        private readonly List<string> _arguments = [];
        private bool _help;

        public CommandLineRequest Parse()
        {
            bool endOfOptions = false;
            for (int i = 1; i < args.Count; i++)
            {
                string word = args[i];
                if (endOfOptions || word == "-" || !word.StartsWith('-'))
                {
                    AddArgument(word);
                }
                else if (word == "--")
                {
                    endOfOptions = true;
                }
                else if (word.StartsWith("--", StringComparison.Ordinal))
                {
                    i = LongOption(word, i);
                }
                else
                {
                    i = ShortOptions(word, i);
                }
            }

            if (_help)
            {
                return new CommandLineRequest(CommandLineAction.Help, verb);
            }

            if (verb.Arguments.Where((a, i) => a.Required && _arguments.Count <= i).FirstOrDefault() is { } required)
            {
                string values = required.Values.Count > 0 ? $": {Either(required.Values)}" : string.Empty;
                throw new UsageException($"{verb.Name} needs a {required.MetaName}{values}", verb.Name);
            }

            return new CommandLineRequest(CommandLineAction.Run, verb) { Options = _options, Arguments = _arguments };
        }

        /// <summary>`--name`, `--name=value`, `--name value`; returns the index of the last word used.</summary>
        private int LongOption(string word, int index)
        {
            int eq = word.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? word : word[..eq];
            var option = verb.Options.FirstOrDefault(o => o.Display == name) ?? throw UnknownOption(name, word);
            if (!option.TakesValue)
            {
                if (eq >= 0)
                {
                    throw new UsageException($"option {option.Display} takes no value (got {Quote(word)})", verb.Name);
                }

                Add(option, null, word);
                return index;
            }

            if (eq >= 0)
            {
                Add(option, word[(eq + 1)..], word);
                return index;
            }

            Add(option, NextWordAsValue(word, index), word);
            return index + 1;
        }

        /// <summary>`-q`, `-qC path`, `-Cpath`, `-C=path`: switches, then at most one option that takes a value, which
        /// takes the rest of the word or else the next word.</summary>
        private int ShortOptions(string word, int index)
        {
            for (int k = 1; k < word.Length; k++)
            {
                string name = $"-{word[k]}";
                var option = verb.Options.FirstOrDefault(o => o.ShortName == word[k].ToString())
                    ?? throw UnknownOption(name, word);
                if (!option.TakesValue)
                {
                    Add(option, null, word);
                    continue;
                }

                if (k + 1 < word.Length)
                {
                    string rest = word[(k + 1)..];
                    Add(option, rest.StartsWith('=') ? rest[1..] : rest, word);
                    return index;
                }

                Add(option, NextWordAsValue(word, index), word);
                return index + 1;
            }

            return index;
        }

        private string NextWordAsValue(string word, int index)
        {
            if (index + 1 >= args.Count)
            {
                throw new UsageException($"option {Quote(word)} needs a value, and it is the last word", verb.Name);
            }

            string next = args[index + 1];
            if (next.StartsWith('-') && next != "-")
            {
                throw new UsageException(
                    $"option {Quote(word)} needs a value, but the next word {Quote(next)} is an option (a value that starts with '-' is written joined: {OptionName(word)}=VALUE)",
                    verb.Name);
            }

            return next;
        }

        private void Add(OptionSpec option, string? value, string word)
        {
            if (option == CommandSchema.Help)
            {
                _help = true;
                return;
            }

            if (_givenAs.TryGetValue(option.LongName, out string? earlier))
            {
                throw new UsageException($"option {option.Display} is given twice ({Quote(earlier)}, then {Quote(word)})", verb.Name);
            }

            if (value is not null)
            {
                if (value.Length == 0)
                {
                    throw new UsageException($"option {Quote(word)} has an empty value", verb.Name);
                }

                if (option.IsNumber && !PlainNumber().IsMatch(value))
                {
                    throw new UsageException($"option {option.Display} takes a number of seconds such as 5 or 0.5, not {Quote(value)}", verb.Name);
                }

                if (value.StartsWith('-') && value.AsSpan().IndexOfAny('\n', '\r') >= 0)
                {
                    // CommandLineParser cannot read `--name=-...` across a line break.
                    throw new UsageException($"option {option.Display}: a value that starts with '-' cannot hold a line break ({Quote(value)})", verb.Name);
                }
            }

            _givenAs[option.LongName] = word;
            _options.Add(new GivenOption(option, value));
        }

        private void AddArgument(string word)
        {
            int position = Math.Min(_arguments.Count, verb.Arguments.Count - 1);
            if (verb.Arguments.Count == 0)
            {
                throw new UsageException($"unexpected argument {Quote(word)}: {verb.Name} takes no arguments", verb.Name);
            }

            var argument = verb.Arguments[position];
            if (_arguments.Count >= verb.Arguments.Count && !argument.Many)
            {
                throw new UsageException($"unexpected argument {Quote(word)}: {verb.Name} takes one {argument.MetaName}", verb.Name);
            }

            if (word.Length == 0)
            {
                throw new UsageException($"empty {argument.MetaName} argument ('')", verb.Name);
            }

            _arguments.Add(word);
        }

        private UsageException UnknownOption(string name, string word)
        {
            string inWord = name == word ? string.Empty : $" in {Quote(word)}";
            string? sameButCase = verb.Options.SelectMany(Names).FirstOrDefault(n => n != name && string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            var owners = verbs.Where(v => v != verb && v.Options.Any(o => Names(o).Contains(name))).Select(v => v.Name).ToList();
            string hint = sameButCase is not null ? $" (did you mean '{sameButCase}'?)"
                : name == CommandSchema.Version.Display ? $" (it goes alone: {CommandSchema.Program} --version)"
                : owners.Count > 0 ? $" ({verb.Name} does not take it; {string.Join(", ", owners)} {(owners.Count == 1 ? "does" : "do")})"
                : string.Empty;
            return new UsageException($"unknown option {Quote(name)}{inWord}{hint}", verb.Name);
        }
    }

    private static string Either(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}";
}
