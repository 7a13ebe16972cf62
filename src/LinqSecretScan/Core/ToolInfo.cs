using System.Reflection;

namespace LinqSecretScan.Core;

internal static class ToolInfo
{
    public const string Name = "linq-secret-scan";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
