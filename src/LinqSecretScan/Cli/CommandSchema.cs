using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using CommandLine;
using CommandLine.Text;
using LinqSecretScan.Completion;
using LinqSecretScan.Core;

namespace LinqSecretScan.Cli;

/// <summary>The verbs and options as the parser knows them, read from the same attributes CommandLineParser reads,
/// so help and shell completion cannot drift from what the parser accepts.</summary>
internal static class CommandSchema
{
    public const string Program = ToolInfo.Name;

    public static OptionSpec Help => OptionSpec.Help;

    public static OptionSpec Version => OptionSpec.Version;

    public static IReadOnlyList<VerbSpec> Verbs { get; } = [.. CliApp.Verbs.Select(Describe)];

    private static VerbSpec Describe(VerbType verbType)
    {
        var type = verbType.Type;
        var verb = type.GetCustomAttribute<VerbAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [Verb]");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var arguments = properties
            .Select(p => (Property: p, Value: p.GetCustomAttribute<ValueAttribute>()))
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Value!.Index)
            .Select(p => new ArgumentSpec(p.Value!.MetaName, p.Value.HelpText, p.Value.Required, ValuesOf(p.Property)))
            .ToList();
        var options = properties
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(p => p.Option is not null)
            .Select(p => new OptionSpec(
                p.Option!.ShortName.Length > 0 ? p.Option.ShortName : null,
                p.Option.LongName,
                p.Property.PropertyType == typeof(bool) ? null : p.Option.MetaValue is { Length: > 0 } meta ? meta : "VALUE",
                p.Option.HelpText,
                p.Option.Default is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null,
                ValuesOf(p.Property)))
            .ToList();
        options.Add(Help);
        return new VerbSpec(type, verb.Name, verb.HelpText, arguments, options, ExamplesOf(type));
    }

    private static IReadOnlyList<string> ValuesOf(PropertyInfo property) =>
        property.GetCustomAttribute<CompletionValuesAttribute>()?.Values ?? [];

    private static IReadOnlyList<ExampleSpec> ExamplesOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
    {
        var usage = type.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(p => p.IsDefined(typeof(UsageAttribute)));
        if (usage?.GetValue(null) is not IEnumerable<Example> examples)
        {
            return [];
        }

        using var parser = new Parser();
        return [.. examples.Select(e => new ExampleSpec(e.HelpText, $"{Program} {parser.FormatCommandLine(e.Sample, s => s.SkipDefault = true)}"))];
    }
}
