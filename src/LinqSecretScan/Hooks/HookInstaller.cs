using LinqSecretScan.Core;
using LinqSecretScan.Sources.Git;

namespace LinqSecretScan.Hooks;

/// <summary>Writes and removes the pre-commit (or pre-push) hook. Honours core.hooksPath and linked worktrees
/// (hooks live in the common git directory); an existing hook is never destroyed: it is renamed beside ours and
/// run after a clean scan, and put back by uninstall.</summary>
internal static class HookInstaller
{
    public const string ChainedSuffix = ".linq-secret-scan-chained";
    private const string ScannerPlaceholder = "@LINQ_SECRET_SCAN_INSTALLED@";

    public static IReadOnlyList<string> SupportedHooks { get; } = ["pre-commit", "pre-push"];

    private static string Marker(string hookName) => $"# linq-secret-scan {hookName} hook";

    /// <summary>Why <paramref name="hookName"/> cannot be installed, or null when it can: the command line checks
    /// this before asking for it.</summary>
    public static string? Unsupported(string hookName) =>
        SupportedHooks.Contains(hookName) ? null : $"unknown hook '{hookName}' (expected {string.Join(" or ", SupportedHooks)})";

    private static void CheckHookName(string hookName)
    {
        if (Unsupported(hookName) is { } reason)
        {
            throw new ArgumentException(reason, nameof(hookName));
        }
    }

    public static string HooksDirectory(GitAccess access)
    {
        var repository = access.Repository;
        string gitDir = repository.Info.Path;
        string? workDir = repository.Info.WorkingDirectory;
        string? configured = repository.Config.Get<string>("core.hooksPath")?.Value;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            string expanded = configured.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configured[2..])
                : configured;
            return Path.GetFullPath(expanded, workDir ?? gitDir);
        }

        return Path.Combine(CommonDirectory(gitDir), "hooks");
    }

    /// <summary>A linked worktree's git directory names the shared one in its `commondir` file.</summary>
    private static string CommonDirectory(string gitDir)
    {
        string commonFile = Path.Combine(gitDir, "commondir");
        if (!File.Exists(commonFile))
        {
            return gitDir;
        }

        string common = File.ReadAllText(commonFile).Trim();
        return Path.GetFullPath(common, gitDir);
    }

    public static string Install(GitAccess access, string scannerPath, string hookName = "pre-commit")
    {
        CheckHookName(hookName);
        string hooksDir = HooksDirectory(access);
        string hook = Path.Combine(hooksDir, hookName);
        string chained = hook + ChainedSuffix;
        string script = Render(Template(hookName), scannerPath, OperatingSystem.IsWindows());
        try
        {
            Directory.CreateDirectory(hooksDir);
            string message;
            if (File.Exists(hook) && !IsOurs(hook, hookName))
            {
                if (File.Exists(chained))
                {
                    throw new ScanException(
                        $"{hook} is not linq-secret-scan's hook and {chained} already exists; merge them by hand, then run install again");
                }

                File.Move(hook, chained);
                message = $"installed the {hookName} hook at {hook}; the hook that was there now runs after it from {chained}";
            }
            else
            {
                message = File.Exists(hook) ? $"updated the {hookName} hook at {hook}" : $"installed the {hookName} hook at {hook}";
            }

            string temporary = hook + ".linq-secret-scan-tmp";
            File.WriteAllText(temporary, script);
            MakeExecutable(temporary);
            File.Move(temporary, hook, overwrite: true);
            return message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write the hook in {hooksDir}: {ex.Message}", ex);
        }
    }

    public static string Uninstall(GitAccess access, string hookName = "pre-commit")
    {
        CheckHookName(hookName);
        string hooksDir = HooksDirectory(access);
        string hook = Path.Combine(hooksDir, hookName);
        string chained = hook + ChainedSuffix;
        try
        {
            if (!File.Exists(hook) || !IsOurs(hook, hookName))
            {
                return File.Exists(hook)
                    ? $"the {hookName} hook at {hook} is not linq-secret-scan's; left as it is"
                    : $"no linq-secret-scan {hookName} hook in {hooksDir}; nothing to do";
            }

            File.Delete(hook);
            if (File.Exists(chained))
            {
                File.Move(chained, hook);
                return $"removed linq-secret-scan's {hookName} hook; restored the previous hook at {hook}";
            }

            return $"removed linq-secret-scan's {hookName} hook from {hooksDir}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot change the hook in {hooksDir}: {ex.Message}", ex);
        }
    }

    /// <summary>The hook as written to disk: the scanner's path filled in, quoted for sh, with LF line endings (a
    /// checkout with core.autocrlf may have given the template CRLF, and sh reads a `\r` as part of each command).
    /// Git for Windows' sh takes `C:/x/y.exe` but not every tool copes with backslashes, so Windows paths use `/`.</summary>
    internal static string Render(string template, string scannerPath, bool windows)
    {
        string path = windows ? scannerPath.Replace('\\', '/') : scannerPath;
        string quoted = path.Replace("'", "'\\''", StringComparison.Ordinal);
        return template.ReplaceLineEndings("\n").Replace(ScannerPlaceholder, quoted, StringComparison.Ordinal);
    }

    /// <summary>The command the hook should run: this very executable (a NativeAOT binary or the apphost), or the
    /// assembly when running under `dotnet LinqSecretScan.dll`.</summary>
    public static string CurrentScannerPath() => ScannerPathFor(Environment.ProcessPath, AppContext.BaseDirectory);

    internal static string ScannerPathFor(string? processPath, string baseDirectory)
    {
        string name = Path.GetFileNameWithoutExtension(processPath ?? string.Empty);
        if (processPath is null || name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return Path.Combine(baseDirectory, "LinqSecretScan.dll");
        }

        return ToolShim(processPath) ?? processPath;
    }

    /// <summary>Installed as a dotnet tool, the NativeAOT package is started through a symbolic link in the tool
    /// folder (`~/.dotnet/tools/linq-secret-scan`), but the process only sees the link's target,
    /// `&lt;tool folder&gt;/.store/linqsecretscan/&lt;version&gt;/…`, which the next `dotnet tool update` deletes. The hook must
    /// run the link.</summary>
    private static string? ToolShim(string processPath)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(processPath) ?? processPath); dir.Parent is not null; dir = dir.Parent)
        {
            if (dir.Name == ".store")
            {
                string shim = Path.Combine(dir.Parent.FullName, ToolInfo.Name + (OperatingSystem.IsWindows() ? ".exe" : string.Empty));
                return File.Exists(shim) ? shim : null;
            }
        }

        return null;
    }

    private static bool IsOurs(string hook, string hookName)
    {
        using var reader = new StreamReader(hook);
        for (int i = 0; i < 5 && reader.ReadLine() is { } line; i++)
        {
            if (line.StartsWith(Marker(hookName), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Template(string hookName)
    {
        string resource = $"LinqSecretScan.Hooks.{hookName}";
        using var stream = typeof(HookInstaller).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"resource {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path)
                | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
