using LinqSecretScan.Completion;

namespace LinqSecretScan.Cli;

/// <summary>What a command line asks for, every word of it placed (<see cref="StrictCommandLine"/>).</summary>
internal sealed record CommandLineRequest(CommandLineAction Action, VerbSpec? Verb)
{
    /// <summary>The options given, in the order given, each once; a switch has a null value.</summary>
    public IReadOnlyList<GivenOption> Options { get; init; } = [];

    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The same request in the one form CommandLineParser reads without surprises: the verb, each option
    /// by its long name with its value as the next word (or joined with '=' when the value starts with '-', which
    /// CommandLineParser would take for an option), then `--` and the arguments (so none is read as an option).
    /// The parser runs with EnableDashDash.</summary>
    public string[] ToParserArguments()
    {
        var words = new List<string> { Verb?.Name ?? throw new InvalidOperationException("only a verb's request has parser arguments") };
        foreach (var (option, value) in Options)
        {
            if (value is null)
            {
                words.Add(option.Display);
            }
            else if (value.StartsWith('-'))
            {
                words.Add($"{option.Display}={value}");
            }
            else
            {
                words.Add(option.Display);
                words.Add(value);
            }
        }

        if (Arguments.Count > 0)
        {
            words.Add("--");
            words.AddRange(Arguments);
        }

        return [.. words];
    }
}

/// <summary>What the command line asks the program to do.</summary>
internal enum CommandLineAction
{
    /// <summary>No word at all: the program's help on stderr, and exit 2.</summary>
    NoCommand,

    /// <summary>Print the help of <see cref="CommandLineRequest.Verb"/> (the program's when null).</summary>
    Help,

    /// <summary>Print the version.</summary>
    Version,

    /// <summary>Run the verb.</summary>
    Run,
}

/// <summary>An option as given: its spec and its value (null for a switch).</summary>
internal sealed record GivenOption(OptionSpec Option, string? Value);
