namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The builds a run makes once and shares, in the order <see cref="HeavyBuilds.StartInBackground"/> makes
/// them: the NativeAOT release first, as most classes wait for it.</summary>
internal enum HeavyBuild
{
    /// <summary><see cref="NativeAotBuild"/> (and <see cref="ReleaseSite"/>, which serves it).</summary>
    NativeAotRelease,

    /// <summary><see cref="ToolPackages.Portable"/>.</summary>
    ToolPackage,

    /// <summary><see cref="PreCommitHookRepository"/>'s hook environment.</summary>
    PreCommitEnvironment,
}
