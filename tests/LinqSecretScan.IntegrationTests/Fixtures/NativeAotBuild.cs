using System.Text.RegularExpressions;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Builds the linux-x64 release once per test run, exactly as the release workflow does
/// (`release/build.sh linux-x64 VERSION DIR`: a NativeAOT publish, archived with libgit2 beside the binary, and its
/// SHA-256), and unpacks the archive: every NativeAOT test runs the binary users download, and the run pays for one
/// NativeAOT compile.</summary>
internal static partial class NativeAotBuild
{
    private static readonly Lazy<Release?> Build = new(() => HeavyBuilds.Run(BuildRelease));

    /// <summary>What release/build.sh made: the archive, its .sha256, and the folder the archive unpacked to.</summary>
    public sealed record Release(string OutputDirectory, string Archive, string Checksum, string UnpackedFolder)
    {
        public string Binary => Path.Combine(UnpackedFolder, "linq-secret-scan");
    }

    /// <summary>The version the tests build, the one Directory.Build.props gives every build.</summary>
    public static string Version { get; } = VersionElement().Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"))).Groups[1].Value;

    /// <summary>The binary, or a reason to skip: NativeAOT needs a C toolchain beside the .NET SDK.</summary>
    public static (string? Binary, string? SkipReason) Get() => Build.Value is { } release ? (release.Binary, null) : (null, MissingPrerequisite());

    /// <summary>The release build, or a reason to skip.</summary>
    public static (Release? Release, string? SkipReason) GetRelease() => (Build.Value, Build.Value is null ? MissingPrerequisite() : null);

    /// <summary>Why this platform cannot build and run the linux-x64 NativeAOT binary (a reason to skip), or null when
    /// it can. A missing C toolchain is not a reason to skip: .ci/install-tools installs one, and the test fails.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            return "the NativeAOT tests publish for linux-x64 and run on linux-x64 only";
        }

        if (Executables.Find("clang") is null)
        {
            RequiredTools.Command("gcc", "gcc");
        }

        return null;
    }

    private static Release? BuildRelease()
    {
        if (MissingPrerequisite() is not null)
        {
            return null;
        }

        string output = TempDirectories.Create("release");
        var result = ProcessRunner.Run(
            "bash",
            ["release/build.sh", "linux-x64", Version, output, "-p:NuGetAudit=false"],
            RepositoryPaths.Root,
            ToolEnvironment.ArtifactBuild,
            timeout: TimeSpan.FromMinutes(10));
        string name = $"linq-secret-scan-{Version}-linux-x64";
        string archive = Path.Combine(output, name + ".tar.gz");
        if (result.ExitCode != 0 || !File.Exists(archive))
        {
            throw new InvalidOperationException($"release/build.sh linux-x64 failed: {result}");
        }

        string unpacked = TempDirectories.Create("release-unpacked");
        var untar = ProcessRunner.Run("tar", ["-xzf", archive, "-C", unpacked], output);
        if (untar.ExitCode != 0)
        {
            throw new InvalidOperationException($"cannot unpack {archive}: {untar}");
        }

        return new Release(output, archive, archive + ".sha256", Path.Combine(unpacked, name));
    }

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
