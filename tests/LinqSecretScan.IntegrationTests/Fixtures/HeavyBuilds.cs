namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The machine has two cores: builds that tests start (NativeAOT publish, tool packs, pre-commit's pack)
/// run one at a time rather than fighting over them and timing out.</summary>
internal static class HeavyBuilds
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static T Run<T>(Func<T> build)
    {
        Gate.Wait();
        try
        {
            return build();
        }
        finally
        {
            Gate.Release();
        }
    }
}
