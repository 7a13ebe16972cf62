namespace LinqSecretScan.Tests.Fixtures;

/// <summary>On a test method (or a class, for all its methods) that waits for a <see cref="HeavyBuild"/>: <see cref="HeavyBuildsFramework"/> starts the build
/// when the run starts, and <see cref="HeavyBuildsFirst"/> runs the class after the classes that need no build.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
internal sealed class UsesHeavyBuildAttribute(HeavyBuild build) : Attribute
{
    public HeavyBuild Build { get; } = build;
}
