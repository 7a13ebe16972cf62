namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Temp folders that live for the whole test run (package builds, npm installs shared by several tests)
/// and are deleted when the test process exits.</summary>
internal static class TempDirectories
{
    private static readonly List<string> Created = [];

    static TempDirectories() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    public static string Create(string prefix)
    {
        string path = Path.Combine(Path.GetTempPath(), $"lss-{prefix}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(path);
        lock (Created)
        {
            Created.Add(path);
        }

        return path;
    }

    private static void DeleteAll()
    {
        lock (Created)
        {
            foreach (var path in Created)
            {
                try
                {
                    Directory.Delete(path, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
