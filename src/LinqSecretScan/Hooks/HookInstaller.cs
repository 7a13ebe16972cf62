using LinqSecretScan.Core;
using LinqSecretScan.Sources.Git;

namespace LinqSecretScan.Hooks;

/// <summary>Writes and removes the pre-commit (or pre-push, or a server's pre-receive) hook. Honours core.hooksPath and
/// linked worktrees (hooks live in the common git directory); an existing hook is never destroyed: it is renamed
/// beside ours and run after a clean scan, and put back by uninstall. A server hook can also go into a folder of hooks
/// that a git server runs one after the other (GitLab's and Gitea's `pre-receive.d`), as `linq-secret-scan`.</summary>
internal static class HookInstaller
{
    public const string ChainedSuffix = ".linq-secret-scan-chained";
    private const string ScannerPlaceholder = "@LINQ_SECRET_SCAN_INSTALLED@";

    public static IReadOnlyList<string> SupportedHooks { get; } = ["pre-commit", "pre-push", "pre-receive"];

    /// <summary>The hook's file name in a folder of hooks (`pre-receive.d`).</summary>
    public const string NameInHookFolder = "linq-secret-scan";

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

    /// <summary>The folder git runs this repository's hooks from, as git itself answers (`git rev-parse --git-path
    /// hooks`: core.hooksPath from any config scope, `~/` and relative values, the common folder of linked
    /// worktrees). While linq-secret-scan's global hooks are installed, git's answer is that shared folder; a hook
    /// for this repository then goes where they forward to (see <see cref="GlobalHookInstaller"/>).</summary>
    public static string HooksDirectory(GitAccess access) => Locate(access).Directory;

    private static (string Directory, bool BehindGlobalHooks) Locate(GitAccess access)
    {
        var repository = access.Repository;
        string runIn = repository.Info.WorkingDirectory ?? repository.Info.Path;
        var answer = GitCommand.RunChecked("cannot find the repository's hooks folder", runIn, ["rev-parse", "--git-path", "hooks"]);
        string hooksDir = Path.GetFullPath(answer.StdOut.TrimEnd('\n', '\r'), runIn);
        if (!GlobalHookInstaller.IsGlobalHooksDirectory(hooksDir))
        {
            return (hooksDir, false);
        }

        if (GlobalHookInstaller.ForwardTarget() is { } forward)
        {
            string expanded = forward.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), forward[2..])
                : forward;
            return (Path.GetFullPath(expanded, runIn), true);
        }

        var common = GitCommand.RunChecked("cannot find the repository's git folder", runIn, ["rev-parse", "--git-common-dir"]);
        return (Path.Combine(Path.GetFullPath(common.StdOut.TrimEnd('\n', '\r'), runIn), "hooks"), true);
    }

    public static string Install(GitAccess access, string scannerPath, string hookName = "pre-commit")
    {
        CheckHookName(hookName);
        var (hooksDir, behindGlobalHooks) = Locate(access);
        if (ServerHookFolder(hooksDir, hookName) is { } folder)
        {
            return InstallInto(folder, scannerPath, hookName)
                + $" (this is a Gitea or Forgejo repository: it rewrites {hookName} itself and runs every hook in {hookName}.d)";
        }

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
            return behindGlobalHooks ? message + " (linq-secret-scan's global hooks run it: git's core.hooksPath names them)" : message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write the hook in {hooksDir}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the hook into a folder of hooks that a git server runs one after the other (GitLab's
    /// `custom_hooks/pre-receive.d`, or the server-wide one; Gitea's `hooks/pre-receive.d`), as
    /// <see cref="NameInHookFolder"/>. Such a folder needs no chaining: every hook in it runs.</summary>
    public static string InstallInto(string folder, string scannerPath, string hookName)
    {
        CheckHookName(hookName);
        string hook = Path.Combine(folder, NameInHookFolder);
        string script = Render(Template(hookName), scannerPath, OperatingSystem.IsWindows());
        try
        {
            if (File.Exists(hook) && !IsOurs(hook, hookName))
            {
                throw new ScanException($"{hook} exists and is not linq-secret-scan's {hookName} hook; move it away, then run install again");
            }

            string message = File.Exists(hook) ? $"updated the {hookName} hook at {hook}" : $"installed the {hookName} hook at {hook}";
            Directory.CreateDirectory(folder);
            string temporary = hook + ".linq-secret-scan-tmp";
            File.WriteAllText(temporary, script);
            MakeExecutable(temporary);
            File.Move(temporary, hook, overwrite: true);
            return message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write the hook in {folder}: {ex.Message}", ex);
        }
    }

    /// <summary>Removes what <see cref="InstallInto"/> wrote.</summary>
    public static string UninstallFrom(string folder, string hookName)
    {
        CheckHookName(hookName);
        string hook = Path.Combine(folder, NameInHookFolder);
        try
        {
            if (!File.Exists(hook))
            {
                return $"no linq-secret-scan {hookName} hook in {folder}; nothing to do";
            }

            if (!IsOurs(hook, hookName))
            {
                return $"{hook} is not linq-secret-scan's {hookName} hook; left as it is";
            }

            File.Delete(hook);
            return $"removed linq-secret-scan's {hookName} hook from {folder}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot change the hook in {folder}: {ex.Message}", ex);
        }
    }

    /// <summary>Gitea and Forgejo write each repository's `pre-receive` themselves (and write it again when an
    /// administrator resynchronises hooks): it runs every executable in `pre-receive.d`, where theirs is `gitea`. A hook
    /// written over theirs would be lost at the next resynchronisation, so the server hook goes into that folder.</summary>
    private static string? ServerHookFolder(string hooksDir, string hookName)
    {
        string folder = Path.Combine(hooksDir, hookName + ".d");
        return hookName == "pre-receive" && File.Exists(Path.Combine(folder, "gitea")) ? folder : null;
    }

    public static string Uninstall(GitAccess access, string hookName = "pre-commit")
    {
        CheckHookName(hookName);
        string hooksDir = HooksDirectory(access);
        if (ServerHookFolder(hooksDir, hookName) is { } folder)
        {
            return UninstallFrom(folder, hookName);
        }

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
    public static string CurrentScannerPath(HostEnvironment host) =>
        ScannerPathFor(Environment.ProcessPath, AppContext.BaseDirectory, Environment.GetCommandLineArgs().FirstOrDefault(), host);

    /// <param name="invokedAs">argv[0]: under NativeAOT the command as the user typed it; under the JIT host the
    /// assembly's path.</param>
    /// <param name="host">Where argv[0] is looked up (PATH, the working directory).</param>
    internal static string ScannerPathFor(string? processPath, string baseDirectory, string? invokedAs = null, HostEnvironment? host = null)
    {
        string name = Path.GetFileNameWithoutExtension(processPath ?? string.Empty);
        if (processPath is null || name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return Path.Combine(baseDirectory, "LinqSecretScan.dll");
        }

        return ToolShim(processPath) ?? LinkInvoked(invokedAs, processPath, host) ?? processPath;
    }

    /// <summary>The process path is resolved through symbolic links, so a binary started through a link on PATH
    /// (`~/.local/bin/linq-secret-scan` to a release folder, a package manager's versioned folder) sees the link's
    /// target, which the next upgrade may move. The link is what the user installed as the command: the hook runs
    /// that, when argv[0] leads to a link whose final target is this very process.</summary>
    private static string? LinkInvoked(string? invokedAs, string processPath, HostEnvironment? host)
    {
        if (string.IsNullOrEmpty(invokedAs))
        {
            return null;
        }

        string? candidate = invokedAs.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || invokedAs.Contains('/', StringComparison.Ordinal)
            ? host?.FullPath(invokedAs) ?? Path.GetFullPath(invokedAs)
            : (host?.Variable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(Path.IsPathFullyQualified)
                .Select(dir => Path.Combine(dir, invokedAs))
                .FirstOrDefault(File.Exists);
        if (candidate is null || new FileInfo(candidate).LinkTarget is null)
        {
            return null;
        }

        var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true);
        return target is not null && string.Equals(Path.GetFullPath(target.FullName), Path.GetFullPath(processPath), StringComparison.Ordinal)
            ? candidate
            : null;
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

    internal static string Template(string hookName)
    {
        string resource = $"LinqSecretScan.Hooks.{hookName}";
        using var stream = typeof(HookInstaller).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"resource {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path)
                | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
