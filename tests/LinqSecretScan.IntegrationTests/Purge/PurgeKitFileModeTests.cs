using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Purge;

/// <summary>The kit's modes do not depend on the umask the scanner runs under: the folder is 0700 and every file 0600
/// from the moment it exists. The umask belongs to a process, so this runs the scanner as its own process under
/// `umask 000` (the other folder rules are in the fast tier's PurgeKitFolderTests).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PurgeKitFileModeTests : IDisposable
{
    private readonly TestSecrets _secrets = new();
    private readonly TempGitRepo _repo = new();
    private readonly TempGitRepo _outside = new(init: false);
    private readonly string _token;

    public PurgeKitFileModeTests()
    {
        _token = _secrets.LinqToken();
        _repo.Write("app.py", $"TOKEN = '{_token}'\n").StageAll();
        _repo.Commit();
    }

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void Kit_FolderIs0700_AndEveryFileIs0600_EvenUnderUmask000()
    {
        string kit = Path.Combine(_outside.Root, "nested", "kit");
        string command = $"umask 000; exec '{Scanner.ExecutablePath}' purge-kit -o '{kit}'";

        var result = ProcessRunner.Run("sh", ["-c", command], _repo.Root);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(kit));
        foreach (string name in (string[])["replacements.txt", "paths.txt", "PLAN.md"])
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(kit, name)));
        }

        Assert.Contains(_token, File.ReadAllText(Path.Combine(kit, "replacements.txt")));
        Assert.DoesNotContain(_token, File.ReadAllText(Path.Combine(kit, "PLAN.md")));
    }
}
