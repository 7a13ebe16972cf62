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

    /// <summary>Builds <paramref name="builds"/> one after another on a background thread, so that the run's test
    /// threads go on with tests that need none of them. Each build is the fixture's own Lazy: a test that needs one
    /// waits for it (or gets its exception) exactly as if it had started it.</summary>
    public static void StartInBackground(IEnumerable<HeavyBuild> builds)
    {
        var wanted = builds.Distinct().Order().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var thread = new Thread(() =>
        {
            foreach (var build in wanted)
            {
                try
                {
                    Build(build);
                }
#pragma warning disable CA1031 // the exception stays in the fixture's Lazy, and the test that needs the build reports it
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        })
        {
            IsBackground = true,
            Name = "heavy builds",
        };
        thread.Start();
    }

    private static void Build(HeavyBuild build)
    {
        switch (build)
        {
            case HeavyBuild.NativeAotRelease:
                _ = NativeAotBuild.GetRelease();
                break;
            case HeavyBuild.ToolPackage:
                _ = ToolPackages.Portable;
                break;
            case HeavyBuild.PreCommitEnvironment:
                _ = PreCommitHookRepository.Rev;
                break;
        }
    }
}
