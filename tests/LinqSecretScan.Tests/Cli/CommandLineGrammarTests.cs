using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CommandLine;
using LinqSecretScan.Cli;
using LinqSecretScan.Completion;
using LinqSecretScan.Core;

namespace LinqSecretScan.Tests.Cli;

/// <summary>No command line is half-understood. Seeded random lines, valid and broken, are built from pieces whose
/// meaning the generator knows (an option and its value in one of the forms people type, a bundle of switches, an
/// argument, `--`; or a broken piece: an unknown or foreign option, a value missing, empty or not a number, a switch
/// given a value, an option twice, an argument too many). For each line, either it is refused (exit 2, one line that
/// names the broken word), or the strict parser, CommandLineParser's options object and the hook's fast path all hold
/// exactly the meaning of every word, field by field, and rendering that object back into a command line gives every
/// word back.</summary>
public sealed class CommandLineGrammarTests
{
    private const int Lines = 12_000;

    private static readonly string[] PlainValues = ["x", "a b", " lead", "ü-ñ", "a=b", "=", "-", "staged", "text", "json", "C:\\dir", "a\tb", "line\nbreak", "'q'", "\"dq\"", "5"];
    private static readonly string[] DashValues = ["-x", "--", "--help", "-3", "--verify", "- x", "-"];
    private static readonly string[] ArgumentValues = [.. PlainValues.Where(v => !v.StartsWith('-'))];
    private static readonly string[] Numbers = ["5", "0.5", "10", ".5", "5.", "3600"];
    private static readonly string[] BadNumbers = ["1,5", "abc", "1e3", "NaN", "+5", " 5", "5 ", "Infinity", "0x10", "١"];

    [Fact]
    public void GeneratedLines_AreRefusedNamingTheWord_OrFullyUnderstoodAlike_ByEveryParser()
    {
        var random = new Random(20_260_512);
        var failures = new List<string>();
        int accepted = 0, refused = 0, fastPath = 0, oldHalfUnderstood = 0;
        using var oldParser = OldParser();
        for (int n = 0; n < Lines && failures.Count < 10; n++)
        {
            var line = Generate(random);
            string shown = JsonSerializer.Serialize(line.Words);
            try
            {
                if (Check(line))
                {
                    accepted++;
                }
                else
                {
                    refused++;
                }

                fastPath += HookCommandLine.TryParse([.. line.Words]) is not null ? 1 : 0;
                oldHalfUnderstood += n % 4 == 0 && OldPipelineHalfUnderstands(oldParser, line) ? 1 : 0;
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or InvalidOperationException or UsageException)
            {
                failures.Add($"{shown}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The generator reaches all three outcomes in earnest, and the property catches what the old design did: the
        // hook's fast path, then CommandLineParser on the raw words, half-understood a good share of these lines.
        Assert.True(accepted > Lines / 5 && refused > Lines / 5 && fastPath > 100, $"accepted {accepted}, refused {refused}, fast path {fastPath}");
        Assert.True(oldHalfUnderstood > Lines / 4 / 20, $"the old pipeline half-understood only {oldHalfUnderstood} of {Lines / 4} lines");
    }

    /// <summary>The strict parser knows verbs by their names only: an alias added to a [Verb] would be a word
    /// CommandLineParser takes and the strict parser refuses.</summary>
    [Fact]
    public void NoVerbHasAnAlias()
    {
        foreach (var verb in CliApp.Verbs)
        {
            Assert.Empty(verb.Type.GetCustomAttribute<VerbAttribute>()!.Aliases ?? []);
        }
    }

    /// <summary>Checks one line; true when it was accepted.</summary>
    private static bool Check(Line line)
    {
        string[] args = [.. line.Words];
        if (line.Error is { } error)
        {
            var exception = Assert.Throws<UsageException>(() => StrictCommandLine.Parse(args, CommandSchema.Verbs));
            Assert.Contains(error, exception.Message);
            Assert.Null(HookCommandLine.TryParse(args));
            var output = new StringWriter();
            var errors = new StringWriter();
            // A refused line touches neither the working directory nor the environment.
            int exit = CliApp.Run(args, new Terminal(TextReader.Null, output, errors, false, false), new HostEnvironment(Path.GetTempPath(), []));
            Assert.Equal(2, exit);
            Assert.Empty(output.ToString());
            string message = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("linq-secret-scan: ", message);
            Assert.Contains(error, message);
            return false;
        }

        var request = StrictCommandLine.Parse(args, CommandSchema.Verbs);
        Assert.Equal(line.Action, request.Action);
        Assert.Equal(line.Verb, request.Verb?.Name);
        if (request.Action != CommandLineAction.Run)
        {
            Assert.Null(HookCommandLine.TryParse(args));
            return true;
        }

        Assert.Equal(line.Options.Select(o => $"{o.Key}={o.Value}").Order(), request.Options.Select(o => $"{o.Option.LongName}={o.Value}").Order());
        Assert.Equal(line.Arguments, request.Arguments);

        var options = CliApp.ToOptions(request);
        AssertHolds(options, line);
        if (HookCommandLine.TryParse(args) is { } fast)
        {
            AssertSameFields(options, fast);
        }

        // Rendered back from the object, the line gives every word back: parsed again, it means the same, and every
        // option and argument of the original is in it.
        string[] rendered = Render(options, line.Verb!);
        var again = StrictCommandLine.Parse(rendered, CommandSchema.Verbs);
        AssertSameFields(options, CliApp.ToOptions(again));
        foreach (var (name, value) in line.Options)
        {
            var given = again.Options.SingleOrDefault(o => o.Option.LongName == name);
            Assert.True(given is not null, $"--{name} is not in the rendering {JsonSerializer.Serialize(rendered)}");
            Assert.True(SameValue(given.Option, value, given.Value), $"--{name} {value} came back as {given.Value}");
        }

        Assert.Equal(line.Arguments, again.Arguments);
        return true;
    }

    private static bool SameValue(OptionSpec option, string? expected, string? actual) =>
        option.IsNumber && expected is not null && actual is not null
            ? double.Parse(expected, CultureInfo.InvariantCulture) == double.Parse(actual, CultureInfo.InvariantCulture)
            : expected == actual;

    /// <summary>Every option and argument property of CommandLineParser's object holds what the line said, or its
    /// default when the line did not mention it.</summary>
    private static void AssertHolds(object options, Line line)
    {
        foreach (var property in options.GetType().GetProperties())
        {
            object? actual = property.GetValue(options);
            if (property.GetCustomAttribute<OptionAttribute>() is { } option)
            {
                object? expected = !line.Options.TryGetValue(option.LongName, out string? value) ? option.Default ?? (property.PropertyType == typeof(bool) ? false : null)
                    : property.PropertyType == typeof(bool) ? true
                    : property.PropertyType == typeof(double?) ? double.Parse(value!, CultureInfo.InvariantCulture)
                    : value;
                Assert.True(Equals(expected, actual), $"--{option.LongName}: expected {expected ?? "null"}, CommandLineParser built {actual ?? "null"}");
            }
            else if (property.GetCustomAttribute<ValueAttribute>() is not null)
            {
                if (actual is IEnumerable<string> many)
                {
                    Assert.Equal(line.Arguments, many);
                }
                else
                {
                    Assert.Equal(line.Arguments.SingleOrDefault(), actual);
                }
            }
        }
    }

    private static void AssertSameFields(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in expected.GetType().GetProperties().Where(p => p.GetMethod is { IsStatic: false }))
        {
            object? a = property.GetValue(expected), b = property.GetValue(actual);
            if (a is IEnumerable<string> first && b is IEnumerable<string> second)
            {
                Assert.Equal(first, second);
            }
            else
            {
                Assert.True(Equals(a, b), $"{property.Name}: {a ?? "null"} against {b ?? "null"}");
            }
        }
    }

    /// <summary>An options object as a command line: every option property that holds a value (a default one too),
    /// every true switch, then `--` and the arguments. Written here from CommandLineParser's attributes, not from the
    /// product's renderer.</summary>
    private static string[] Render(object options, string verb)
    {
        var words = new List<string> { verb };
        var arguments = new List<string>();
        foreach (var property in options.GetType().GetProperties())
        {
            object? value = property.GetValue(options);
            if (property.GetCustomAttribute<OptionAttribute>() is { } option)
            {
                string? text = value switch
                {
                    true => null,
                    false or null => string.Empty,
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    _ => (string)value,
                };
                if (text is null)
                {
                    words.Add($"--{option.LongName}");
                }
                else if (text.Length > 0)
                {
                    words.Add($"--{option.LongName}={text}");
                }
            }
            else if (property.GetCustomAttribute<ValueAttribute>() is not null)
            {
                arguments.AddRange(value switch { string one => [one], IEnumerable<string> many => many, _ => [] });
            }
        }

        return [.. words, .. arguments.Count > 0 ? ["--", .. arguments] : Array.Empty<string>()];
    }

    /// <summary>The old design on the same line: the fast path, else CommandLineParser on the raw words. True when
    /// it would have run with a meaning other than the line's (a word dropped, a broken line taken).</summary>
    private static bool OldPipelineHalfUnderstands(Parser parser, Line line)
    {
        string[] args = [.. line.Words];
        object? options = (object?)HookCommandLine.TryParse(args)
            ?? parser.ParseArguments(args, [.. CliApp.Verbs.Select(v => v.Type)]).MapResult(o => (object?)o, _ => null);
        if (options is null)
        {
            return false;
        }

        if (line.Error is not null || line.Action != CommandLineAction.Run)
        {
            return true;
        }

        try
        {
            AssertHolds(options, line);
            return false;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return true;
        }
    }

    private static Parser OldParser() => new(settings =>
    {
        settings.HelpWriter = null;
        settings.AutoHelp = true;
        settings.AutoVersion = true;
        settings.CaseSensitive = true;
        settings.IgnoreUnknownArguments = false;
    });

    /// <summary>A generated line and what it means: the first error's quoted word, or the action, verb, options (long
    /// name to value, null for a switch) and arguments.</summary>
    private sealed class Line
    {
        public List<string> Words { get; } = [];

        public string? Error { get; set; }

        public CommandLineAction Action { get; set; } = CommandLineAction.Run;

        public string? Verb { get; set; }

        public Dictionary<string, string?> Options { get; } = new(StringComparer.Ordinal);

        public List<string> Arguments { get; } = [];

        /// <summary>Records a broken word unless an earlier one already broke the line.</summary>
        public void Break(string word) => Error ??= StrictCommandLine.Quote(word);
    }

    private static Line Generate(Random random)
    {
        var line = new Line();
        if (random.Next(12) == 0)
        {
            return TopLevel(random, line);
        }

        var verb = CommandSchema.Verbs[random.Next(CommandSchema.Verbs.Count)];
        line.Verb = verb.Name;
        line.Words.Add(verb.Name);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        bool help = false;
        int pieces = random.Next(7);
        for (int p = 0; p < pieces; p++)
        {
            bool broken = random.Next(6) == 0;
            if (broken)
            {
                BrokenPiece(random, line, verb, given, last: p == pieces - 1);
            }
            else if (random.Next(25) == 0)
            {
                line.Words.Add(random.Next(2) == 0 ? "-h" : "--help");
                help = true;
            }
            else if (random.Next(4) == 0 && Capacity(verb, line) > 0)
            {
                AddArgument(line, verb, ArgumentValues[random.Next(ArgumentValues.Length)]);
            }
            else
            {
                ValidOption(random, line, verb, given);
            }
        }

        if (random.Next(6) == 0 && line.Error is null)
        {
            line.Words.Add("--");
            for (int i = random.Next(3); i >= 0; i--)
            {
                string value = random.Next(2) == 0 ? DashValues[random.Next(DashValues.Length)] : PlainValues[random.Next(PlainValues.Length)];
                if (Capacity(verb, line) > 0)
                {
                    AddArgument(line, verb, value);
                }
                else
                {
                    line.Words.Add(value);
                    line.Break(value);
                }
            }
        }

        if (line.Error is null && help)
        {
            line.Action = CommandLineAction.Help;
        }
        else if (line.Error is null && verb.Arguments.Where((a, i) => a.Required && line.Arguments.Count <= i).FirstOrDefault() is { } missing)
        {
            line.Error = $"{verb.Name} needs a {missing.MetaName}";
        }

        return line;
    }

    private static int Capacity(VerbSpec verb, Line line) =>
        verb.Arguments.Count == 0 ? 0 : verb.Arguments[^1].Many ? int.MaxValue : verb.Arguments.Count - line.Arguments.Count;

    private static void AddArgument(Line line, VerbSpec verb, string value)
    {
        line.Words.Add(value);
        if (value.Length == 0)
        {
            line.Break(value);
        }
        else if (Capacity(verb, line) > 0)
        {
            line.Arguments.Add(value);
        }
        else
        {
            line.Break(value);
        }
    }

    /// <summary>An option in one of the forms people type, with a value its form can carry.</summary>
    private static void ValidOption(Random random, Line line, VerbSpec verb, Dictionary<string, string> given)
    {
        var choices = verb.Options.Where(o => o != CommandSchema.Help).ToList();
        if (choices.Count == 0)
        {
            return;
        }

        var option = choices[random.Next(choices.Count)];
        if (!option.TakesValue)
        {
            var bundle = option.ShortName is not null && random.Next(2) == 0
                ? choices.Where(o => !o.TakesValue && o.ShortName is not null).OrderBy(_ => random.Next()).Take(1 + random.Next(2)).ToList()
                : [option];
            bool useShort = bundle.Count > 1 || (option.ShortName is not null && random.Next(2) == 0);
            string word = useShort ? "-" + string.Concat(bundle.Select(o => o.ShortName)) : option.Display;
            line.Words.Add(word);
            foreach (var o in bundle)
            {
                Give(line, given, o, null, word);
            }

            return;
        }

        string value = option.IsNumber ? Numbers[random.Next(Numbers.Length)]
            : random.Next(4) == 0 ? DashValues[random.Next(DashValues.Length)]
            : PlainValues[random.Next(PlainValues.Length)];
        bool startsWithDash = value.StartsWith('-') && value != "-";
        if (value.StartsWith('-') && value.Contains('\n', StringComparison.Ordinal))
        {
            value = "x";
        }

        int form = random.Next(option.ShortName is null ? 2 : 5);
        string optionWord;
        switch (form)
        {
            case 0 when !startsWithDash:
                line.Words.AddRange([optionWord = option.Display, value]);
                break;
            case 1 or 0:
                line.Words.Add(optionWord = $"{option.Display}={value}");
                break;
            case 2 when !startsWithDash:
                string switches = random.Next(2) == 0 ? string.Concat(choices.Where(o => !o.TakesValue && o.ShortName is not null).Select(o => o.ShortName)) : string.Empty;
                foreach (var o in choices.Where(o => switches.Contains(o.ShortName ?? "?", StringComparison.Ordinal)))
                {
                    Give(line, given, o, null, $"-{switches}{option.ShortName}");
                }

                line.Words.AddRange([optionWord = $"-{switches}{option.ShortName}", value]);
                break;
            case 3 when !value.StartsWith('='):
                line.Words.Add(optionWord = $"-{option.ShortName}{value}");
                break;
            default:
                line.Words.Add(optionWord = $"-{option.ShortName}={value}");
                break;
        }

        Give(line, given, option, value, optionWord);
    }

    private static void Give(Line line, Dictionary<string, string> given, OptionSpec option, string? value, string word)
    {
        if (given.TryGetValue(option.LongName, out _))
        {
            line.Break(word);
            return;
        }

        given[option.LongName] = word;
        line.Options[option.LongName] = value;
    }

    private static void BrokenPiece(Random random, Line line, VerbSpec verb, Dictionary<string, string> given, bool last)
    {
        var valued = verb.Options.Where(o => o.TakesValue).ToList();
        var switches = verb.Options.Where(o => !o.TakesValue && o != CommandSchema.Help).ToList();
        var foreign = CommandSchema.Verbs.SelectMany(v => v.Options).Select(o => o.Display).Distinct()
            .Where(name => verb.Options.All(o => o.Display != name)).ToList();
        switch (random.Next(10))
        {
            case 0:
                Broken(line, random.Next(3) switch { 0 => "--bogus", 1 => "--version", _ => "-Z" });
                break;
            case 1 when foreign.Count > 0:
                Broken(line, foreign[random.Next(foreign.Count)]);
                break;
            case 2:
                var any = verb.Options[random.Next(verb.Options.Count)];
                Broken(line, any.Display.ToUpperInvariant());
                break;
            case 3 when valued.Count > 0 && last:
                var missing = valued[random.Next(valued.Count)];
                Broken(line, missing.ShortName is not null && random.Next(2) == 0 ? $"-{missing.ShortName}" : missing.Display);
                break;
            case 4 when valued.Count > 0:
                var empty = valued[random.Next(valued.Count)];
                if (random.Next(2) == 0)
                {
                    Broken(line, $"{empty.Display}=");
                }
                else
                {
                    line.Words.AddRange([empty.Display, string.Empty]);
                    line.Break(empty.Display);
                }

                break;
            case 5 when switches.Count > 0:
                Broken(line, $"{switches[random.Next(switches.Count)].Display}={(random.Next(2) == 0 ? "false" : "true")}");
                break;
            case 6 when valued.Any(o => o.IsNumber):
                var number = valued.First(o => o.IsNumber);
                string bad = BadNumbers[random.Next(BadNumbers.Length)];
                line.Words.Add($"{number.Display}={bad}");
                line.Break(given.ContainsKey(number.LongName) ? $"{number.Display}={bad}" : bad);
                break;
            case 7 when valued.Count > 0:
                var dashed = valued[random.Next(valued.Count)];
                line.Words.AddRange([dashed.Display, "-x"]);
                line.Break(dashed.Display);
                break;
            case 8 when given.Count > 0:
                string again = given.Keys.ElementAt(random.Next(given.Count));
                var repeated = verb.Options.Single(o => o.LongName == again);
                string word = repeated.TakesValue ? $"{repeated.Display}=again" : repeated.Display;
                line.Words.Add(word);
                line.Break(word);
                break;
            case 9:
                AddArgument(line, verb, random.Next(3) == 0 ? string.Empty : "extra");
                if (line.Error is null && Capacity(verb, line) != int.MaxValue)
                {
                    // Fill the verb's arguments and one more.
                    while (line.Error is null)
                    {
                        AddArgument(line, verb, "more");
                    }
                }

                break;
            default:
                Broken(line, "--no-such-option");
                break;
        }
    }

    private static void Broken(Line line, string word)
    {
        line.Words.Add(word);
        line.Break(word);
    }

    /// <summary>Lines without a verb, or with a broken one.</summary>
    private static Line TopLevel(Random random, Line line)
    {
        var verbs = CommandSchema.Verbs;
        string verb = verbs[random.Next(verbs.Count)].Name;
        switch (random.Next(10))
        {
            case 0:
                line.Action = CommandLineAction.NoCommand;
                break;
            case 1:
                line.Words.AddRange(["help", verb]);
                (line.Action, line.Verb) = (CommandLineAction.Help, verb);
                break;
            case 2:
                line.Words.AddRange([random.Next(2) == 0 ? "-h" : "--help"]);
                line.Action = CommandLineAction.Help;
                break;
            case 3:
                line.Words.Add("--version");
                line.Action = CommandLineAction.Version;
                break;
            case 4:
                line.Words.AddRange(["--version", verb]);
                line.Break(verb);
                break;
            case 5:
                line.Words.AddRange(["help", "bogus"]);
                line.Break("bogus");
                break;
            case 6:
                line.Words.AddRange(["help", verb, "extra"]);
                line.Break("extra");
                break;
            case 7:
                line.Words.AddRange(["-C", "x", verb]);
                line.Break("-C");
                break;
            case 8:
                string upper = char.ToUpperInvariant(verb[0]) + verb[1..];
                line.Words.Add(upper);
                line.Break(upper);
                break;
            default:
                line.Words.Add("scan");
                line.Break("scan");
                break;
        }

        return line;
    }
}
