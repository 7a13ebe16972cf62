using System.Security.Cryptography;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Packaging;

/// <summary>What release/build.sh makes for linux-x64 (the run's one NativeAOT build, <see cref="NativeAotBuild"/>):
/// the archive's layout and checksum, and its binary unpacked elsewhere and reached through a symlink on PATH,
/// guarding real commits. Also the published folders (NativeAOT and JIT) moved, copied, linked, or missing
/// libgit2.</summary>
public sealed class ReleaseTests
{
    private readonly TestSecrets _secrets = new();

    private static NativeAotBuild.Release RequireRelease()
    {
        var (release, skip) = NativeAotBuild.GetRelease();
        Skip.If(release is null, skip);
        return release!;
    }

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void Archive_IsOneFolderWithTheBinaryLibgit2ItsLicenseAndAReadme_AndItsChecksumMatches()
    {
        var release = RequireRelease();
        string name = $"linq-secret-scan-{NativeAotBuild.Version}-linux-x64";

        var listing = ProcessRunner.Run("tar", ["-tzf", release.Archive], release.OutputDirectory);
        var check = ProcessRunner.Run("sha256sum", ["-c", Path.GetFileName(release.Checksum)], release.OutputDirectory);
        string expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(release.Archive)));

        Assert.Equal(0, listing.ExitCode);
        Assert.Equal(
            [$"{name}/", $"{name}/README.txt", $"{name}/libgit2-5853918.so", $"{name}/libgit2.license.txt", $"{name}/linq-secret-scan"],
            listing.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal($"{expected}  {name}.tar.gz\n", File.ReadAllText(release.Checksum));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("Keep linq-secret-scan and libgit2-5853918.so in the same folder", File.ReadAllText(Path.Combine(release.UnpackedFolder, "README.txt")));
    }

    /// <summary>The Linux binary maps the pages NativeAOT's start-up rehydrates its type data into with one
    /// madvise(MADV_POPULATE_WRITE) before the runtime starts (Startup/prefault.c), instead of a page fault per page:
    /// the first madvise the process makes, over megabytes, and the kernel accepts it (5.14 or later here).</summary>
    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void ReleaseBinary_MapsItsRehydratedData_WithOneCallBeforeTheRuntimeStarts()
    {
        var release = RequireRelease();
        Skip.If(ProcessRunner.Run("sh", ["-c", "command -v strace"], release.OutputDirectory).ExitCode != 0, "strace is not installed");

        var traced = ProcessRunner.Run("strace", ["-e", "trace=madvise", Path.Combine(release.UnpackedFolder, "linq-secret-scan"), "--version"], release.OutputDirectory);

        Assert.True(traced.ExitCode == 0, traced.ToString());
        string first = traced.StdErr.Split('\n').First(l => l.StartsWith("madvise(", StringComparison.Ordinal));
        var call = System.Text.RegularExpressions.Regex.Match(first, @"^madvise\(0x[0-9a-f]+, (\d+), MADV_POPULATE_WRITE\) = 0$");
        Assert.True(call.Success, first);
        Assert.True(long.Parse(call.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1 << 20, first);
    }

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void ReleaseBinary_UnpackedElsewhere_AndReachedThroughASymlinkOnPath_InstallsAHookThatBlocksACommit()
    {
        var release = RequireRelease();
        string opt = TempDirectories.Create("opt");
        Assert.Equal(0, ProcessRunner.Run("tar", ["-xzf", release.Archive, "-C", opt], opt).ExitCode);
        string bin = TempDirectories.Create("bin");
        string link = Path.Combine(bin, "linq-secret-scan");
        File.CreateSymbolicLink(link, Path.Combine(opt, Path.GetFileName(release.UnpackedFolder), "linq-secret-scan"));
        var env = new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/local/bin:/usr/bin:/bin" };
        using var repo = new TempGitRepo();

        var install = ProcessRunner.Run("sh", ["-c", "linq-secret-scan install"], repo.Root, env);
        repo.Write("app.py", "import os\n").Stage("app.py");
        var clean = repo.Git(env, "commit", "-m", "clean");
        repo.Write("app.py", $"import os\nTOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git(env, "commit", "-m", "leak");

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains($"installed_scanner='{link}'", File.ReadAllText(repo.PathOf(".git/hooks/pre-commit")));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:2:10", blocked.StdOut + blocked.StdErr);
        Assert.Equal("1", repo.Git("rev-list", "--count", "HEAD").StdOut.Trim());
    }

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void ReleaseFolder_MovedWhole_StillScans()
    {
        var release = RequireRelease();
        string moved = Path.Combine(TempDirectories.Create("moved"), "somewhere", "else");
        CopyFolder(release.UnpackedFolder, moved);
        using var repo = new TempGitRepo();
        repo.Write("x.txt", _secrets.LinqToken() + "\n").Stage("x.txt");

        var scan = ProcessRunner.Run(Path.Combine(moved, "linq-secret-scan"), ["staged", "--format", "json"], repo.Root);

        Assert.Equal(1, scan.ExitCode);
        Assert.Single(Scanner.ParseFindings(scan));
    }

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void ReleaseBinary_CopiedWithoutLibgit2_SaysInOneLineWhichFileIsMissingAndWhereItLooked()
    {
        var release = RequireRelease();
        string alone = TempDirectories.Create("alone");
        string binary = Path.Combine(alone, "linq-secret-scan");
        File.Copy(release.Binary, binary);
        using var repo = new TempGitRepo();
        repo.Write("a.txt", "a\n").Stage("a.txt");

        var missing = ProcessRunner.Run(binary, ["staged"], repo.Root);
        File.WriteAllText(Path.Combine(alone, "libgit2-5853918.so"), "not a library\n");
        var broken = ProcessRunner.Run(binary, ["staged"], repo.Root);

        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(
            $"linq-secret-scan: libgit2-5853918.so is missing: looked in {alone}. It ships with linq-secret-scan (beside the binary in the release archive, under runtimes/ in a build folder): move or copy the whole folder, not the binary alone",
            missing.StdErr.TrimEnd('\n'));
        Assert.Equal(2, broken.ExitCode);
        Assert.Single(broken.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"linq-secret-scan: cannot load {alone}/libgit2-5853918.so: ", broken.StdErr);
        Assert.DoesNotContain("internal error", missing.StdErr + broken.StdErr);
    }

    [SkippableFact]
    public void JitBuildFolder_CopiedWhole_AndReachedThroughASymlink_Scans_AndWithoutLibgit2_SaysWhereItLooked()
    {
        Skip.IfNot(
            OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64,
            "the JIT build's libgit2 for this test is the linux-x64 one");
        string copy = Path.Combine(TempDirectories.Create("jit"), "app");
        CopyFolder(Path.GetDirectoryName(Scanner.ExecutablePath)!, copy);
        string link = Path.Combine(TempDirectories.Create("bin"), "linq-secret-scan");
        File.CreateSymbolicLink(link, Path.Combine(copy, Path.GetFileName(Scanner.ExecutablePath)));
        using var repo = new TempGitRepo();
        repo.Write("x.txt", _secrets.LinqToken() + "\n").Stage("x.txt");

        var scan = ProcessRunner.Run(link, ["staged", "--format", "json"], repo.Root);
        File.Delete(Path.Combine(copy, "runtimes", "linux-x64", "native", "libgit2-5853918.so"));
        var missing = ProcessRunner.Run(link, ["staged"], repo.Root);

        Assert.Equal(1, scan.ExitCode);
        Assert.Single(Scanner.ParseFindings(scan));
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"linq-secret-scan: libgit2-5853918.so is missing: looked in {copy}/runtimes/linux-x64/native", missing.StdErr);
    }

    [Fact]
    public void ReleaseScript_RefusesABadVersionAndAnUnknownRid_BeforeBuildingAnything()
    {
        string output = TempDirectories.Create("release-bad");

        var badVersion = ProcessRunner.Run("bash", ["release/build.sh", "linux-x64", "latest", output], RepositoryPaths.Root);
        var badRid = ProcessRunner.Run("bash", ["release/build.sh", "beos-x64", "1.0.0", output], RepositoryPaths.Root);
        var tooFew = ProcessRunner.Run("bash", ["release/build.sh", "linux-x64"], RepositoryPaths.Root);

        Assert.Equal(2, badVersion.ExitCode);
        Assert.Contains("'latest' is not a version", badVersion.StdErr);
        Assert.Equal(2, badRid.ExitCode);
        Assert.Contains("unknown RID 'beos-x64'", badRid.StdErr);
        Assert.Equal(2, tooFew.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    [UsesHeavyBuild(HeavyBuild.ToolPackage)]
    [Fact]
    public void ToolPackage_FromTheReleaseScript_HasItsChecksumBesideIt()
    {
        string folder = ToolPackages.Portable;
        string package = Path.Combine(folder, $"LinqSecretScan.{NativeAotBuild.Version}.nupkg");

        string expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(package)));

        Assert.Equal($"{expected}  LinqSecretScan.{NativeAotBuild.Version}.nupkg\n", File.ReadAllText(package + ".sha256"));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
