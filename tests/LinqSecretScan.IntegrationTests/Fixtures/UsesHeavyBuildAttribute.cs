namespace LinqSecretScan.Tests.Fixtures;

/// <summary>On a test class that waits for a <see cref="HeavyBuild"/>: <see cref="HeavyBuildsFirst"/> starts the build
/// when the run starts and runs the class after the classes that need no build.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class UsesHeavyBuildAttribute(HeavyBuild build) : Attribute
{
    public HeavyBuild Build { get; } = build;
}
