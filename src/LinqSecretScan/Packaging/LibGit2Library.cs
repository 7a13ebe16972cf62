using System.Runtime.InteropServices;
using LinqSecretScan.Sources.Git.Native;

namespace LinqSecretScan.Packaging;

/// <summary>libgit2 is the one file that must travel with the binary: LibGit2Sharp.NativeBinaries ships it as a
/// shared library only (no static archive to link into the NativeAOT binary), and LibGit2Sharp loads it by name
/// (`git2-5853918`) from the application's folder. That folder is the binary's real folder: NativeAOT takes it
/// from Environment.ProcessPath, which .NET resolves through symbolic links on Linux and macOS, and the JIT apphost
/// resolves its own path the same way, so a link on PATH finds the library beside its target. What is left to do
/// here is the failure: a binary copied without the library says which file is missing and where it looked,
/// instead of an internal error from a type initializer.</summary>
internal static class LibGit2Library
{
    /// <summary>The file name the release archive, the tool package and a publish folder carry.</summary>
    public static string FileName { get; } = FileNameFor(
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux);

    internal static string FileNameFor(OSPlatform platform) =>
        platform == OSPlatform.Windows ? LibGit2.Library + ".dll"
        : platform == OSPlatform.OSX ? "lib" + LibGit2.Library + ".dylib"
        : "lib" + LibGit2.Library + ".so";

    /// <summary>One line that says why libgit2 could not be loaded, when <paramref name="exception"/> (or an exception
    /// inside it) is that failure; otherwise null.</summary>
    public static string? Explain(Exception exception)
    {
        if (FindLoadFailure(exception) is null)
        {
            return null;
        }

        var folders = SearchedFolders();
        foreach (string folder in folders)
        {
            string path = Path.Combine(folder, FileName);
            if (File.Exists(path))
            {
                return $"cannot load {path}: {LoadError(path)}";
            }
        }

        return $"{FileName} is missing: looked in {string.Join(" and ", folders)}. It ships with linq-secret-scan (beside "
            + "the binary in the release archive, under runtimes/ in a build folder): move or copy the whole folder, not the binary alone";
    }

    /// <summary>The DllNotFoundException for libgit2, wherever it sits: LibGit2Sharp's first call fails inside its
    /// NativeMethods type initializer, so it arrives as the inner exception of a TypeInitializationException.</summary>
    private static DllNotFoundException? FindLoadFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DllNotFoundException dll && dll.Message.Contains(LibGit2.Library, StringComparison.Ordinal))
            {
                return dll;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(FindLoadFailure).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }

    /// <summary>The application's own folders that .NET searched for native libraries: under the JIT host, those of
    /// NATIVE_DLL_SEARCH_DIRECTORIES inside the application folder (the framework's are not the place for it);
    /// under NativeAOT, the binary's folder.</summary>
    internal static IReadOnlyList<string> SearchedFolders()
    {
        string baseDirectory = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var folders = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Path.TrimEndingDirectorySeparator)
            .Where(folder => folder.StartsWith(baseDirectory, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(folder => folder.Length)
            .ToList();
        return folders.Count > 0 ? folders : [baseDirectory];
    }

    /// <summary>The loader's reason for a library that is there but does not load (another architecture, a libc it
    /// was not built for, a truncated download): its first line that names the file.</summary>
    private static string LoadError(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return "it loads now, but did not when it was first needed";
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            var lines = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string reason = lines.FirstOrDefault(line => line.StartsWith(path, StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? ex.Message;
            return reason.StartsWith(path + ":", StringComparison.Ordinal) ? reason[(path.Length + 1)..].Trim() : reason;
        }
    }
}
