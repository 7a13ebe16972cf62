namespace LinqSecretScan.Tests.Fixtures;

internal static class RepositoryPaths
{
    /// <summary>The root of this repository (where LinqSecretScan.sln is), found above the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LinqSecretScan.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (LinqSecretScan.sln) was not found above the test binaries");
    }
}
