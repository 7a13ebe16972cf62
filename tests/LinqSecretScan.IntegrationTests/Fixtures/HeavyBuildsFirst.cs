using Xunit.Abstractions;

[assembly: TestCollectionOrderer("LinqSecretScan.Tests.Fixtures.HeavyBuildsFirst", "LinqSecretScan.IntegrationTests")]

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>xunit's collection orderer for this assembly: the classes that wait for a heavy build ([UsesHeavyBuild] on
/// the class or one of its methods) run after the classes that need none, in the order their builds finish; the
/// others keep xunit's own order. Before, the first test that needed a build started it and held one of the two test
/// threads while it ran (and a second such test held the other, waiting at the gate), so the three builds ran one
/// after another with the rest of the suite squeezed beside them. Now <see cref="HeavyBuildsFramework"/> starts them
/// in the background when the run starts, and the test threads meanwhile run what needs no build. Test classes here
/// are their own collections ("Test collection for CLASS"); one in a named collection would simply keep its place.</summary>
public sealed class HeavyBuildsFirst : ITestCollectionOrderer
{
    private static readonly Dictionary<string, HeavyBuild[]> BuildsByCollection = typeof(HeavyBuildsFirst).Assembly.GetTypes()
        .Select(type => (Type: type, Builds: HeavyBuildsFramework.BuildsOf(type).Concat(type.GetMethods().SelectMany(HeavyBuildsFramework.BuildsOf)).ToArray()))
        .Where(entry => entry.Builds.Length > 0)
        .ToDictionary(entry => "Test collection for " + entry.Type.FullName, entry => entry.Builds, StringComparer.Ordinal);

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => BuildsByCollection.TryGetValue(c.DisplayName, out var builds) ? (int)builds.Max() : -1).ToList();
}
