using System.Text;
using LinqSecretScan.Core;

namespace LinqSecretScan.Hooks;

/// <summary>`install --global`: one hooks folder for every repository of the user, named by the global
/// core.hooksPath. Git then runs hooks from that folder only, for every hook and in every repository that does not
/// set core.hooksPath itself, so the folder holds <see cref="ForwardedHooks"/>, each a copy of hooks/global-hook:
/// pre-commit scans and then runs the repository's own hook; every other name only runs the repository's own hook.
/// The global core.hooksPath found before (unset, or one or more values) is written down and put back by
/// `uninstall --global`.</summary>
internal static class GlobalHookInstaller
{
    private const string Marker = "# linq-secret-scan global hook";
    private const string PreviousPlaceholder = "@LINQ_SECRET_SCAN_PREVIOUS_HOOKS_PATH@";
    private const string ValuePrefix = "value=";
    private const string ForwardPrefix = "forward=";

    /// <summary>githooks(5) of git 2.39, less two whose mere presence changes what git does: push-to-checkout (it
    /// replaces git's own updateInstead logic) and fsmonitor-watchman (git runs it from core.fsmonitor, not by name).
    /// Git runs a hook only when its file exists; a copy that finds no hook of the repository's own exits 0, which is
    /// what git does when there is no hook.</summary>
    public static IReadOnlyList<string> ForwardedHooks { get; } =
    [
        "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit", "prepare-commit-msg",
        "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge", "pre-push", "pre-receive", "update",
        "proc-receive", "post-receive", "post-update", "reference-transaction", "pre-auto-gc", "post-rewrite",
        "sendemail-validate", "p4-changelist", "p4-prepare-changelist", "p4-post-changelist", "p4-pre-submit",
        "post-index-change",
    ];

    /// <summary>linq-secret-scan's folder in the user's config folder: $XDG_CONFIG_HOME (or ~/.config) on Linux and
    /// macOS, %APPDATA% on Windows.</summary>
    public static string StateDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "linq-secret-scan");

    public static string HooksDirectory => Path.Combine(StateDirectory, "hooks");

    private static string PreviousFile => Path.Combine(StateDirectory, "previous-core-hookspath");

    public static IReadOnlyList<string> Install(string scannerPath, string workingDirectory)
    {
        string hooksDir = HooksDirectory;
        var current = GlobalValues(workingDirectory);
        bool ours = IsOurs(current);
        var messages = new List<string>();
        State state;
        if (ours && ReadState() is { } recorded)
        {
            state = recorded;
            messages.Add($"updated linq-secret-scan's global hooks in {hooksDir}");
        }
        else
        {
            // A lost record while the config names this folder: what it replaced is unknown, so unset it is.
            var previous = ours ? [] : current;
            if (previous.Any(value => value.Contains('\n', StringComparison.Ordinal)))
            {
                throw new ScanException("the global core.hooksPath holds a line break; set it to a plain path first");
            }

            string? forward = previous.Count > 0 ? previous[^1] : SystemValue(workingDirectory);
            state = new State(previous, forward);
            WriteState(state);
            messages.Add($"installed linq-secret-scan's global hooks in {hooksDir} and set core.hooksPath to it in your global git config");
        }

        WriteHooks(hooksDir, scannerPath, state.Forward);
        if (!ours)
        {
            SetGlobal(workingDirectory, [ForGit(hooksDir)]);
        }

        messages.Add(state.Forward is null
            ? "every repository of yours is protected now, existing or new; each repository's own .git/hooks still run after the scan"
            : $"every repository of yours is protected now, existing or new; the hooks of {state.Forward} (the core.hooksPath set before) still run after the scan");
        messages.Add("repositories that set core.hooksPath in their own config (Husky does) are not covered: add 'linq-secret-scan staged' to their pre-commit hook");
        if (LocalValue(workingDirectory) is { } local)
        {
            messages.Add($"warning: the repository here sets core.hooksPath to {local} in its own config, so the global hooks do not run in it");
        }

        return messages;
    }

    public static IReadOnlyList<string> Uninstall(string workingDirectory)
    {
        string hooksDir = HooksDirectory;
        var current = GlobalValues(workingDirectory);
        bool ours = IsOurs(current);
        var state = ReadState();
        if (!ours && state is null && !Directory.Exists(hooksDir))
        {
            return ["linq-secret-scan's global hooks are not installed; nothing to do"];
        }

        var messages = new List<string>();
        if (ours)
        {
            var previous = state?.Previous ?? [];
            SetGlobal(workingDirectory, previous);
            messages.Add(previous.Count == 0
                ? "removed core.hooksPath from your global git config (it was not set before install --global)"
                : $"restored the global core.hooksPath to {string.Join(", ", previous)}");
        }
        else
        {
            messages.Add(current.Count == 0
                ? "the global core.hooksPath no longer names linq-secret-scan's hooks; left your git config as it is"
                : $"the global core.hooksPath is {string.Join(", ", current)} now, not linq-secret-scan's hooks; left your git config as it is");
        }

        RemoveHooks(hooksDir);
        TryDelete(PreviousFile);
        TryRemoveEmptyDirectory(StateDirectory);
        messages.Add($"removed linq-secret-scan's global hooks from {hooksDir}");
        return messages;
    }

    /// <summary>Where a repository's own hooks live while the global hooks are installed (the folder they forward
    /// to): the core.hooksPath set before install --global, or null for the repository's own hooks folder.</summary>
    public static string? ForwardTarget() => ReadState()?.Forward;

    public static bool IsGlobalHooksDirectory(string directory) => SamePath(directory, HooksDirectory);

    private static bool IsOurs(IReadOnlyList<string> values) => values.Count == 1 && SamePath(values[0], HooksDirectory);

    private static bool SamePath(string configured, string directory)
    {
        string expanded = configured.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configured[2..])
            : configured;
        if (!Path.IsPathFullyQualified(expanded))
        {
            return false;
        }

        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(expanded)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)),
            comparison);
    }

    /// <summary>Git for Windows reads `C:/x/y` as well as `C:\x\y`, and the forward slashes survive its sh.</summary>
    private static string ForGit(string path) => OperatingSystem.IsWindows() ? path.Replace('\\', '/') : path;

    private static IReadOnlyList<string> GlobalValues(string workingDirectory) =>
        GitCommand.RunChecked("cannot read your global git config", workingDirectory, ["config", "--global", "--get-all", "core.hooksPath"], 1).Lines;

    private static string? SystemValue(string workingDirectory)
    {
        var result = GitCommand.Run(workingDirectory, "config", "--system", "--get", "core.hooksPath");
        return result.ExitCode == 0 && result.Lines.Count > 0 ? result.Lines[^1] : null;
    }

    private static string? LocalValue(string workingDirectory)
    {
        var result = GitCommand.Run(workingDirectory, "config", "--local", "--get", "core.hooksPath");
        return result.ExitCode == 0 && result.Lines.Count > 0 ? result.Lines[^1] : null;
    }

    /// <summary>Replaces every global core.hooksPath with <paramref name="values"/> (none: unset).</summary>
    private static void SetGlobal(string workingDirectory, IReadOnlyList<string> values)
    {
        const string what = "cannot change core.hooksPath in your global git config";
        GitCommand.RunChecked(what, workingDirectory, ["config", "--global", "--unset-all", "core.hooksPath"], 5);
        foreach (string value in values)
        {
            GitCommand.RunChecked(what, workingDirectory, ["config", "--global", "--add", "core.hooksPath", value]);
        }
    }

    private static void WriteHooks(string hooksDir, string scannerPath, string? forward)
    {
        string script = HookInstaller.Render(HookInstaller.Template("global-hook"), scannerPath, OperatingSystem.IsWindows())
            .Replace(PreviousPlaceholder, (forward ?? string.Empty).Replace("'", "'\\''", StringComparison.Ordinal), StringComparison.Ordinal);
        try
        {
            Directory.CreateDirectory(hooksDir);
            foreach (string name in ForwardedHooks)
            {
                string hook = Path.Combine(hooksDir, name);
                if (File.Exists(hook) && !IsOurs(hook))
                {
                    throw new ScanException($"{hook} is not linq-secret-scan's; move it away, then run install --global again");
                }

                string temporary = hook + ".linq-secret-scan-tmp";
                File.WriteAllText(temporary, script);
                HookInstaller.MakeExecutable(temporary);
                File.Move(temporary, hook, overwrite: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write the global hooks in {hooksDir}: {ex.Message}", ex);
        }
    }

    /// <summary>Deletes the hooks this installer wrote (and nothing else someone put beside them), then the folder if
    /// that leaves it empty.</summary>
    private static void RemoveHooks(string hooksDir)
    {
        if (!Directory.Exists(hooksDir))
        {
            return;
        }

        foreach (string name in ForwardedHooks)
        {
            string hook = Path.Combine(hooksDir, name);
            if (File.Exists(hook) && IsOurs(hook))
            {
                TryDelete(hook);
            }
        }

        TryRemoveEmptyDirectory(hooksDir);
    }

    private static bool IsOurs(string hook)
    {
        using var reader = new StreamReader(hook);
        for (int i = 0; i < 5 && reader.ReadLine() is { } line; i++)
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record State(IReadOnlyList<string> Previous, string? Forward);

    private static State? ReadState()
    {
        if (!File.Exists(PreviousFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(PreviousFile);
        var previous = lines.Where(l => l.StartsWith(ValuePrefix, StringComparison.Ordinal)).Select(l => l[ValuePrefix.Length..]).ToList();
        string? forward = lines.FirstOrDefault(l => l.StartsWith(ForwardPrefix, StringComparison.Ordinal))?[ForwardPrefix.Length..];
        return new State(previous, forward);
    }

    private static void WriteState(State state)
    {
        var text = new StringBuilder()
            .Append("# Written by linq-secret-scan install --global. value=: the global core.hooksPath before it, one line each\n")
            .Append("# (no value= line: it was unset); uninstall --global puts them back. forward=: where the global hooks\n")
            .Append("# find the hooks git would otherwise run (no forward= line: each repository's own hooks folder).\n");
        foreach (string value in state.Previous)
        {
            text.Append(ValuePrefix).Append(value).Append('\n');
        }

        if (state.Forward is not null)
        {
            text.Append(ForwardPrefix).Append(state.Forward).Append('\n');
        }

        try
        {
            Directory.CreateDirectory(StateDirectory);
            File.WriteAllText(PreviousFile, text.ToString());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot write {PreviousFile}: {ex.Message}", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScanException($"cannot delete {path}: {ex.Message}", ex);
        }
    }

    private static void TryRemoveEmptyDirectory(string path)
    {
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
        {
            Directory.Delete(path);
        }
    }
}
