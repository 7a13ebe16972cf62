using LinqSecretScan.Hooks;
using LinqSecretScan.Tests.Fixtures;

namespace LinqSecretScan.Tests.Hooks;

/// <summary>What `install` writes into the hook, on every platform: which command, quoted how, with which line
/// endings. The Windows cases run here by passing the platform in.</summary>
public sealed class HookInstallerTests
{
    private const string Template = "#!/bin/sh\r\ninstalled_scanner='@LINQ_SECRET_SCAN_INSTALLED@'\r\nexit 0\r\n";

    [Fact]
    public void Render_GivesLfLineEndings_EvenFromACrlfTemplate()
    {
        string hook = HookInstaller.Render(Template, "/usr/local/bin/linq-secret-scan", windows: false);

        Assert.DoesNotContain('\r', hook);
        Assert.Equal("#!/bin/sh\ninstalled_scanner='/usr/local/bin/linq-secret-scan'\nexit 0\n", hook);
    }

    [Fact]
    public void Render_OnWindows_WritesTheScannerPathWithForwardSlashes()
    {
        string hook = HookInstaller.Render(Template, @"C:\Users\dev\.dotnet\tools\linq-secret-scan.exe", windows: true);

        Assert.Contains("installed_scanner='C:/Users/dev/.dotnet/tools/linq-secret-scan.exe'", hook);
    }

    [Fact]
    public void Render_OnUnix_KeepsABackslashInAFileName_AndQuotesASingleQuote()
    {
        string hook = HookInstaller.Render(Template, @"/opt/it's\here/linq-secret-scan", windows: false);

        Assert.Contains(@"installed_scanner='/opt/it'\''s\here/linq-secret-scan'", hook);
    }

    [Fact]
    public void ScannerPath_InsideADotnetToolStore_IsTheToolFoldersLink()
    {
        string tools = TempDirectories.Create("tools");
        string inStore = Path.Combine(tools, ".store", "linqsecretscan", "0.1.0", "linqsecretscan.linux-x64", "0.1.0", "tools", "any", "linux-x64", "linq-secret-scan");
        Directory.CreateDirectory(Path.GetDirectoryName(inStore)!);
        File.WriteAllText(inStore, string.Empty);
        string link = Path.Combine(tools, "linq-secret-scan");
        File.WriteAllText(link, string.Empty);

        Assert.Equal(link, HookInstaller.ScannerPathFor(inStore, Path.GetDirectoryName(inStore)!));
    }

    [Fact]
    public void ScannerPath_InsideAStoreWithoutItsLink_IsTheProcessItself()
    {
        string tools = TempDirectories.Create("tools");
        string inStore = Path.Combine(tools, ".store", "linqsecretscan", "0.1.0", "linq-secret-scan");

        Assert.Equal(inStore, HookInstaller.ScannerPathFor(inStore, tools));
    }

    [Fact]
    public void ScannerPath_StartedThroughALinkOnPath_IsTheLink_NotItsTarget()
    {
        string release = TempDirectories.Create("release");
        string binary = Path.Combine(release, "linq-secret-scan");
        File.WriteAllText(binary, string.Empty);
        string bin = TempDirectories.Create("bin");
        string link = Path.Combine(bin, "linq-secret-scan");
        File.CreateSymbolicLink(link, binary);
        string elsewhere = Path.Combine(TempDirectories.Create("other"), "linq-secret-scan");
        File.WriteAllText(elsewhere, string.Empty);

        Assert.Equal(link, HookInstaller.ScannerPathFor(binary, release, link));
        Assert.Equal(binary, HookInstaller.ScannerPathFor(binary, release, binary));
        Assert.Equal(binary, HookInstaller.ScannerPathFor(binary, release, elsewhere));
        Assert.Equal(binary, HookInstaller.ScannerPathFor(binary, release, "/no/such/linq-secret-scan"));
    }

    [Fact]
    public void ScannerPath_UnderTheDotnetHost_IsTheAssembly()
    {
        Assert.Equal(Path.Combine("/app", "LinqSecretScan.dll"), HookInstaller.ScannerPathFor("/usr/share/dotnet/dotnet", "/app"));
    }
}
