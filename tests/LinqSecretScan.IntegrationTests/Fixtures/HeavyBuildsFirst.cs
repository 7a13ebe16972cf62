using System.Reflection;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("LinqSecretScan.Tests.Fixtures.HeavyBuildsFirst", "LinqSecretScan.IntegrationTests")]

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>xunit's collection orderer for this assembly. Before, the first test that needed a build started it and
/// held one of the two test threads while it ran (and a second such test held the other, waiting at the gate), so the
/// three builds ran one after another with the rest of the suite squeezed beside them. Now the builds that the tests
/// of this run need (a --filter run may need none) start at once in the background, and the classes that wait for them
/// run last, in the order their builds finish; the others keep xunit's own order. Test classes here are their own
/// collections ("Test collection for CLASS"); one in a named collection would simply keep its place.</summary>
public sealed class HeavyBuildsFirst : ITestCollectionOrderer
{
    private static readonly Dictionary<string, HeavyBuild[]> BuildsByCollection = typeof(HeavyBuildsFirst).Assembly.GetTypes()
        .Select(type => (Type: type, Builds: type.GetCustomAttributes<UsesHeavyBuildAttribute>().Select(a => a.Build).ToArray()))
        .Where(entry => entry.Builds.Length > 0)
        .ToDictionary(entry => "Test collection for " + entry.Type.FullName, entry => entry.Builds, StringComparer.Ordinal);

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var collections = testCollections.ToList();
        var builds = collections.ToDictionary(c => c, c => BuildsByCollection.GetValueOrDefault(c.DisplayName, []));
        HeavyBuilds.StartInBackground(builds.Values.SelectMany(b => b));
        return collections.OrderBy(c => builds[c].Length == 0 ? -1 : (int)builds[c].Max()).ToList();
    }
}
