using System.Diagnostics.CodeAnalysis;

namespace LinqSecretScan.Cli;

/// <summary>An options type of a verb. The annotation keeps its properties, attributes and [Usage] examples under
/// trimming and NativeAOT, where CommandLineParser and <see cref="CommandSchema"/> read them by reflection.</summary>
internal sealed record VerbType(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)]
    [property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)]
    Type Type);
