namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The SARIF 2.1.0 schema and Microsoft's SARIF validator (with GitHub's ingestion rules), both from the
/// npm package @microsoft/sarif-multitool-linux, installed once per machine into a temp cache. Nothing of it is
/// committed here.</summary>
internal static class SarifTools
{
    private const string Package = "@microsoft/sarif-multitool-linux@5.7.0";
    private static readonly Lazy<(string? Directory, string? SkipReason)> Installed = new(Install);

    public static (string? Directory, string? SkipReason) Get() => Installed.Value;

    public static string SchemaPath(string directory) => Path.Combine(directory, "sarif-2.1.0.json");

    public static string MultitoolPath(string directory) => Path.Combine(directory, "Sarif.Multitool");

    private static (string? Directory, string? SkipReason) Install()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "the SARIF multitool package used here is the linux one");
        }

        string cache = Path.Combine(Path.GetTempPath(), "lss-sarif-multitool-5.7.0");
        string directory = Path.Combine(cache, "node_modules", "@microsoft", "sarif-multitool-linux");
        if (File.Exists(SchemaPath(directory)) && File.Exists(MultitoolPath(directory)))
        {
            return (directory, null);
        }

        Directory.CreateDirectory(cache);
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run("npm", ["install", "--no-audit", "--no-fund", "--prefix", cache, Package], cache, timeout: TimeSpan.FromMinutes(5));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "npm is not installed; it brings the SARIF schema and validator");
        }
        catch (TimeoutException)
        {
            return (null, $"npm install {Package} timed out");
        }

        if (result.ExitCode != 0 || !File.Exists(SchemaPath(directory)))
        {
            return (null, $"npm install {Package} failed (no registry?): {result.StdErr.Trim().Split('\n').LastOrDefault()}");
        }

        return (directory, null);
    }
}
