using Microsoft.AspNetCore.Http;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A GitHub release's download folder, played on loopback: the linux-x64 archive that release/build.sh made
/// for this run (<see cref="NativeAotBuild"/>), its .sha256, and what release/assemble.sh adds (SHA256SUMS, and
/// install.sh with a repository filled in), served over HTTP by Kestrel. Built and started once per run.</summary>
internal static class ReleaseSite
{
    private static readonly Lazy<(string? Url, string? Folder, string? SkipReason)> Site = new(Start);

    /// <summary>The base URL to pass as install.sh's --base-url (the release's download folder), its folder on disk,
    /// or why there is none.</summary>
    public static (string? Url, string? Folder, string? SkipReason) Get() => Site.Value;

    /// <summary>Serves the files of <paramref name="root"/> by name; anything else is a 404.</summary>
    public static Func<HttpContext, Task> Files(string root) => async context =>
    {
        string name = Uri.UnescapeDataString(context.Request.Path.Value ?? string.Empty).TrimStart('/');
        string full = Path.GetFullPath(Path.Combine(root, name));
        if (name.Length == 0 || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.SendFileAsync(full);
    };

    private static (string?, string?, string?) Start()
    {
        var (release, skip) = NativeAotBuild.GetRelease();
        if (release is null)
        {
            return (null, null, skip);
        }

        string folder = TempDirectories.Create("release-site");
        File.Copy(release.Archive, Path.Combine(folder, Path.GetFileName(release.Archive)));
        File.Copy(release.Checksum, Path.Combine(folder, Path.GetFileName(release.Checksum)));
        var assemble = ProcessRunner.Run("bash", ["release/assemble.sh", folder, "example/linq-secret-scan"], RepositoryPaths.Root);
        if (assemble.ExitCode != 0)
        {
            throw new InvalidOperationException($"release/assemble.sh failed: {assemble}");
        }

        var server = FakeLinqApi.StartAsync(Files(folder)).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (server.Origin, folder, null);
    }
}
