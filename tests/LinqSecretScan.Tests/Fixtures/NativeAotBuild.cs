namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Publishes the scanner as NativeAOT once per test run, exactly as the README says
/// (`dotnet publish src/LinqSecretScan -c Release -r linux-x64 -o DIR`), and hands out DIR/linq-secret-scan.</summary>
internal static class NativeAotBuild
{
    private static readonly Lazy<(string? Binary, string? SkipReason)> Build = new(() => HeavyBuilds.Run(Publish));

    /// <summary>The binary, or a reason to skip: NativeAOT needs a C toolchain beside the .NET SDK.</summary>
    public static (string? Binary, string? SkipReason) Get() => Build.Value;

    /// <summary>Why this machine cannot build the linux-x64 NativeAOT binary, or null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            return "the NativeAOT tests publish for linux-x64 and run on linux-x64 only";
        }

        return Executables.Find("clang") is null && Executables.Find("gcc") is null
            ? "NativeAOT needs clang or gcc on PATH (not part of the .NET SDK)"
            : null;
    }

    private static (string? Binary, string? SkipReason) Publish()
    {
        if (MissingPrerequisite() is { } missing)
        {
            return (null, missing);
        }

        string output = Path.Combine(Path.GetTempPath(), "lss-aot-" + Environment.ProcessId);
        var result = ProcessRunner.Run(
            "dotnet",
            ["publish", "src/LinqSecretScan", "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-p:NuGetAudit=false"],
            RepositoryPaths.Root,
            ToolEnvironment.Dotnet,
            timeout: TimeSpan.FromMinutes(10));
        string binary = Path.Combine(output, "linq-secret-scan");
        if (result.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"NativeAOT publish failed: {result}");
        }

        return (binary, null);
    }
}
