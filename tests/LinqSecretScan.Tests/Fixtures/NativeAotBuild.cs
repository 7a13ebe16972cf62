namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Publishes the scanner as NativeAOT once per test run, exactly as the README says
/// (`dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o DIR`), and hands out DIR/linq-secret-scan.</summary>
internal static class NativeAotBuild
{
    private static readonly Lazy<(string? Binary, string? SkipReason)> Build = new(Publish);

    /// <summary>The binary, or a reason to skip: NativeAOT needs a C toolchain beside the .NET SDK.</summary>
    public static (string? Binary, string? SkipReason) Get() => Build.Value;

    private static (string? Binary, string? SkipReason) Publish()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            return (null, "the NativeAOT tests publish for linux-x64 and run on linux-x64 only");
        }

        if (!OnPath("clang") && !OnPath("gcc"))
        {
            return (null, "NativeAOT needs clang or gcc on PATH (not part of the .NET SDK)");
        }

        string output = Path.Combine(Path.GetTempPath(), "lss-aot-" + Environment.ProcessId);
        var result = ProcessRunner.Run(
            "dotnet",
            ["publish", "src/LinqSecretScan", "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-p:NuGetAudit=false"],
            RepositoryPaths.Root,
            timeout: TimeSpan.FromMinutes(10));
        string binary = Path.Combine(output, "linq-secret-scan");
        if (result.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"NativeAOT publish failed: {result}");
        }

        return (binary, null);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
