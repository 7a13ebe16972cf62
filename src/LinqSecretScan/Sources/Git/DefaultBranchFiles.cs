using System.Text;
using LibGit2Sharp;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources.Git;

/// <summary>Files as they are on the repository's default branch (the branch HEAD names; on a server, the bare
/// repository's HEAD): what a pre-receive hook reads its suppression files from, because what is there was already
/// reviewed and accepted, while what a push brings is not.</summary>
internal static class DefaultBranchFiles
{
    /// <summary>Suppression files are small; a bigger one is not read as one.</summary>
    private const long MaxBytes = 4 << 20;

    /// <summary>The branch HEAD names (`main`), or null when HEAD is detached.</summary>
    public static string? BranchName(Repository repository) =>
        repository.Head.CanonicalName is { } name && name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..] : null;

    /// <summary>The text of a file at the root of HEAD's tree; null when HEAD has no commit yet or no such regular file
    /// (a symbolic link or a submodule by that name does not count).</summary>
    public static string? Read(Repository repository, string name)
    {
        Commit? tip;
        try
        {
            tip = repository.Info.IsHeadUnborn ? null : repository.Head.Tip;
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot read the default branch (HEAD) to find its {name}: {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }

        if (tip is null)
        {
            return null;
        }

        try
        {
            if (tip.Tree[name] is not { TargetType: TreeEntryTargetType.Blob } entry || !GitChanges.IsFile(entry.Mode))
            {
                return null;
            }

            var blob = (Blob)entry.Target;
            if (blob.Size > MaxBytes)
            {
                throw new ScanException($"{name} on the default branch is {blob.Size:N0} bytes; a suppression file of more than {MaxBytes:N0} bytes is not read");
            }

            using var reader = new StreamReader(blob.GetContentStream(), new UTF8Encoding(false));
            return reader.ReadToEnd();
        }
        catch (LibGit2SharpException ex)
        {
            throw new ScanException($"cannot read {name} on the default branch: {Managed.ManagedRepository.OneLine(ex.Message)}", ex);
        }
    }
}
