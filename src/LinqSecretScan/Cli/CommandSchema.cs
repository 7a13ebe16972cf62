using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using CommandLine;
using CommandLine.Text;
using LinqSecretScan.Completion;
using LinqSecretScan.Core;

namespace LinqSecretScan.Cli;

/// <summary>The verbs and options, read from the attributes CommandLineParser reads. The strict parser
/// (<see cref="StrictCommandLine"/>), help and shell completion all work from it, so none can drift from the others or
/// from what CommandLineParser builds.</summary>
internal static class CommandSchema
{
    public const string Program = ToolInfo.Name;

    public static OptionSpec Help => OptionSpec.Help;

    public static OptionSpec Version => OptionSpec.Version;

    /// <summary>The word that asks for a verb's help: `linq-secret-scan help staged`.</summary>
    public const string HelpVerb = "help";

    public static IReadOnlyList<VerbSpec> Verbs { get; } = [.. CliApp.Verbs.Select(Describe)];

    private static VerbSpec Describe(VerbType verbType)
    {
        var type = verbType.Type;
        var verb = type.GetCustomAttribute<VerbAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [Verb]");
        return new VerbSpec(type, verb.Name, verb.HelpText, new(() => MembersOf(verbType)), new(() => ExamplesOf(verbType.Type)));
    }

    private static (IReadOnlyList<ArgumentSpec>, IReadOnlyList<OptionSpec>) MembersOf(VerbType verbType)
    {
        var type = verbType.Type;
        // The verb's own options first, then the shared ones from the most general class down (reflection lists a
        // class's own properties before its base classes'; within a class, in the order they are declared, which
        // the stable sort keeps; NativeAOT has no metadata tokens to sort by).
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => p.DeclaringType == type ? 0 : 1)
            .ThenBy(p => Depth(p.DeclaringType!))
            .ToList();
        var arguments = properties
            .Select(p => (Property: p, Value: p.GetCustomAttribute<ValueAttribute>()))
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Value!.Index)
            .Select(p => new ArgumentSpec(p.Value!.MetaName, p.Value.HelpText, p.Value.Required, ValuesOf(p.Property))
            {
                Many = p.Property.PropertyType != typeof(string),
                Completion = CompletionOf(p.Property),
            })
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
                ValuesOf(p.Property))
            {
                IsNumber = (Nullable.GetUnderlyingType(p.Property.PropertyType) ?? p.Property.PropertyType) == typeof(double),
                Completion = CompletionOf(p.Property),
            })
            .ToList();
        options.Add(Help);
        return (arguments, options);
    }

    private static int Depth(Type type)
    {
        int depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static IReadOnlyList<string> ValuesOf(PropertyInfo property) =>
        property.GetCustomAttribute<CompletionValuesAttribute>()?.Values ?? [];

    private static CompletionKind CompletionOf(PropertyInfo property) =>
        property.GetCustomAttribute<CompleteAttribute>()?.Kind
        ?? (property.IsDefined(typeof(CompletionValuesAttribute)) ? CompletionKind.Words : CompletionKind.None);

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
