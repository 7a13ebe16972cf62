namespace LinqSecretScan.Tests.Fixtures;

/// <summary>The SARIF 2.1.0 schema and Microsoft's SARIF validator (with GitHub's ingestion rules), both from the npm
/// package @microsoft/sarif-multitool-linux that .ci/install-tools installs. Nothing of it is committed here.</summary>
internal static class SarifTools
{
    /// <summary>The package's folder; fails the test when .ci/install-tools has not installed it.</summary>
    public static string Directory => Path.Combine(RequiredTools.NodeModules("@microsoft/sarif-multitool-linux", "5.7.0"), "@microsoft", "sarif-multitool-linux");

    public static string SchemaPath(string directory) => Path.Combine(directory, "sarif-2.1.0.json");

    public static string MultitoolPath(string directory) => Path.Combine(directory, "Sarif.Multitool");
}
