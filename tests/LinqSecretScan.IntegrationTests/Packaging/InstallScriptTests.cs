using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Packaging;

/// <summary>install.sh against a release served on loopback (<see cref="ReleaseSite"/>: the archive release/build.sh
/// made for this run, SHA256SUMS and install.sh from release/assemble.sh), run the way the docs say, for a user with a
/// HOME of their own.</summary>
public sealed class InstallScriptTests
{
    private readonly TestSecrets _secrets = new();
    private readonly string _home = TempDirectories.Create("home");

    private Dictionary<string, string?> UserEnvironment(string? path = null) => new()
    {
        ["HOME"] = _home,
        ["XDG_CONFIG_HOME"] = Path.Combine(_home, ".config"),
        ["GIT_CONFIG_GLOBAL"] = Path.Combine(_home, ".gitconfig"),
        ["PATH"] = (path is null ? string.Empty : path + ":") + "/usr/local/bin:/usr/bin:/bin",
    };

    private static (string Url, string Folder) RequireSite()
    {
        var (url, folder, skip) = ReleaseSite.Get();
        Skip.If(url is null, skip);
        return (url!, folder!);
    }

    private string Bin => Path.Combine(_home, ".local", "bin");

    private string Lib => Path.Combine(_home, ".local", "lib", "linq-secret-scan");

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void CurlPipeSh_WithGlobal_InstallsTheCheckedBinary_AndEveryNewRepositoryIsProtected()
    {
        var (url, _) = RequireSite();
        File.WriteAllText(Path.Combine(_home, ".gitconfig"), string.Empty);

        var install = ProcessRunner.Run("sh", ["-c", $"curl -fsSL '{url}/install.sh' | sh -s -- --base-url '{url}' --global"], _home, UserEnvironment());
        using var repo = new TempGitRepo(init: false);
        repo.Git(UserEnvironment(Bin), "init", "-q", "-b", "main");
        repo.Write("app.py", "import os\n").Stage("app.py");
        var clean = repo.Git(UserEnvironment(Bin), "commit", "-m", "clean");
        repo.Write("app.py", $"import os\nTOKEN = '{_secrets.LinqToken()}'\n").Stage("app.py");
        var blocked = repo.Git(UserEnvironment(Bin), "commit", "-m", "leak");

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains($"installed linq-secret-scan {NativeAotBuild.Version} (linux-x64) in {Lib}, checked against SHA256SUMS", install.StdOut);
        Assert.Equal(Path.Combine(Lib, "linq-secret-scan"), File.ResolveLinkTarget(Path.Combine(Bin, "linq-secret-scan"), returnFinalTarget: false)!.FullName);
        Assert.True(File.Exists(Path.Combine(Lib, "libgit2-5853918.so")));
        Assert.Contains($"installed_scanner='{Path.Combine(Bin, "linq-secret-scan")}'", File.ReadAllText(Path.Combine(_home, ".config", "linq-secret-scan", "hooks", "pre-commit")));
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("app.py:2:10", blocked.StdOut + blocked.StdErr);
    }

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void InstalledCopy_KnowsItsRepository_AndAgainWithAVersion_ReplacesTheFolderWhole()
    {
        var (url, folder) = RequireSite();
        string installSh = Path.Combine(folder, "install.sh");
        string stale = Path.Combine(Lib, "stale-file");
        Directory.CreateDirectory(Lib);
        File.WriteAllText(stale, "from an older version\n");

        var again = ProcessRunner.Run("sh", [installSh, "--base-url", url, "--version", "v" + NativeAotBuild.Version], _home, UserEnvironment(Bin));
        var version = ProcessRunner.Run(Path.Combine(Bin, "linq-secret-scan"), ["--version"], _home);
        var noVersion = ProcessRunner.Run("sh", [installSh, "--base-url", url, "--version", "9.9.9"], _home, UserEnvironment(Bin));
        var help = ProcessRunner.Run("sh", [installSh, "--bogus"], _home, UserEnvironment());

        Assert.Contains("default_repository='example/linq-secret-scan'", File.ReadAllText(installSh));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("is not on PATH", again.StdOut);
        Assert.False(File.Exists(stale), "the old folder was not replaced whole");
        Assert.Equal($"linq-secret-scan {NativeAotBuild.Version}\n", version.StdOut);
        Assert.Equal(1, noVersion.ExitCode);
        Assert.Contains("lists no archive for linux-x64 version 9.9.9", noVersion.StdErr);
        Assert.Equal(2, help.ExitCode);
        Assert.Contains("unknown argument '--bogus'", help.StdErr);
    }

    [UsesHeavyBuild(HeavyBuild.NativeAotRelease)]
    [SkippableFact]
    public void TamperedArchive_IsRefused_AndNothingIsInstalled()
    {
        var (_, folder) = RequireSite();
        string tampered = TempDirectories.Create("tampered-release");
        foreach (string file in Directory.GetFiles(folder))
        {
            File.Copy(file, Path.Combine(tampered, Path.GetFileName(file)));
        }

        string archive = Directory.GetFiles(tampered, "*.tar.gz").Single();
        using (var stream = File.OpenWrite(archive))
        {
            stream.Seek(-1, SeekOrigin.End);
            stream.WriteByte(0x42);
        }

        var server = FakeLinqApi.StartAsync(ReleaseSite.Files(tampered)).GetAwaiter().GetResult();
        try
        {
            var install = ProcessRunner.Run("sh", [Path.Combine(tampered, "install.sh"), "--base-url", server.Origin], _home, UserEnvironment());

            Assert.Equal(1, install.ExitCode);
            Assert.Contains("does not match SHA256SUMS", install.StdErr);
            Assert.Contains("nothing was installed", install.StdErr);
            Assert.False(Directory.Exists(Lib));
            Assert.False(File.Exists(Path.Combine(Bin, "linq-secret-scan")));
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void WithoutABaseUrlOrARepository_SaysWhereToSayIt()
    {
        var install = ProcessRunner.Run("sh", [Path.Combine(RepositoryPaths.Root, "install.sh")], _home, UserEnvironment());

        Assert.Equal(2, install.ExitCode);
        Assert.Contains("--base-url URL, or --repo OWNER/REPO", install.StdErr);
    }

    [SkippableFact]
    public void Shellcheck_FindsNothingInInstallShOrTheReleaseScripts()
    {
        RequiredTools.Command("shellcheck", "shellcheck");

        var installSh = ProcessRunner.Run("shellcheck", ["--shell=sh", "install.sh"], RepositoryPaths.Root);
        var scripts = ProcessRunner.Run("shellcheck", ["release/build.sh", "release/assemble.sh"], RepositoryPaths.Root);

        Assert.True(installSh.ExitCode == 0, installSh.ToString());
        Assert.True(scripts.ExitCode == 0, scripts.ToString());
    }
}
