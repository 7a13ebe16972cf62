namespace LinqSecretScan.Tests.Architecture;

/// <summary>The process's environment variables, working directory and console are read in one place: Program (with
/// HostEnvironment, which it calls once). Everything else gets them handed down (HostEnvironment.FullPath resolves a
/// path the user gave), so a switch is read once at start-up and the whole program can run in-process in a test. Read
/// from the compiled assembly: any call to these members from another type fails.</summary>
public sealed class StartupEnvironmentTests
{
    private static readonly string[] Allowed = ["LinqSecretScan.Program", "LinqSecretScan.Core.HostEnvironment"];

    /// <summary>`Type::Member/parameters` (a trailing `*` matches any member of the type).</summary>
    private static readonly string[] Forbidden =
    [
        "System.Environment::GetEnvironmentVariable/1",
        "System.Environment::GetEnvironmentVariable/2",
        "System.Environment::GetEnvironmentVariables/0",
        "System.Environment::GetEnvironmentVariables/1",
        "System.Environment::get_CurrentDirectory/0",
        "System.Environment::set_CurrentDirectory/1",
        "System.IO.Directory::GetCurrentDirectory/0",
        "System.IO.Directory::SetCurrentDirectory/1",
        "System.Console::*",
    ];

    [Fact]
    public void OnlyProgram_ReadsTheEnvironmentTheWorkingDirectoryOrTheConsole()
    {
        var references = AssemblyReferences.Read(typeof(LinqSecretScan.Core.HostEnvironment).Assembly.Location);
        var offenders = references.ExternalMembers
            .Where(kv => !Allowed.Contains(kv.Key))
            .SelectMany(kv => kv.Value.Where(IsForbidden).Select(member => $"{kv.Key} calls {member}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        Assert.Contains("System.Environment::GetEnvironmentVariables/0", references.ExternalMembers["LinqSecretScan.Core.HostEnvironment"]);
    }

    private static bool IsForbidden(string member) =>
        Forbidden.Any(f => f.EndsWith('*') ? member.StartsWith(f[..^1], StringComparison.Ordinal) : member == f);
}
