using System.ComponentModel;
using System.Diagnostics;
using LinqSecretScan.Core;

namespace LinqSecretScan.Sources;

/// <summary>Reads blobs with `git cat-file` for repositories LibGit2Sharp cannot open (SHA-256). The size comes
/// first (`cat-file -s`), then the content is streamed from `cat-file blob` as it is read, so a large blob is never
/// held in memory and one above maxFileSize is not read at all.</summary>
internal sealed class GitCliContentReader(string workTree) : IContentReader
{
    public Stream Open(ContentRef content)
    {
        if (content is not GitObjectRef blob)
        {
            throw new ArgumentException($"a git CLI reader cannot open {content.GetType().Name}", nameof(content));
        }

        string why = $"cannot read blob {blob.Id} ({blob.Path})";
        byte[] sizeText;
        try
        {
            sizeText = GitCli.Run(workTree, ["cat-file", "-s", blob.Id], why);
        }
        catch (ScanException ex)
        {
            throw new ObjectReadException(ex.Message, ex);
        }

        if (!long.TryParse(System.Text.Encoding.ASCII.GetString(sizeText).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long size))
        {
            throw new ObjectReadException($"{why}: git cat-file -s gave no size");
        }

        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workTree,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("cat-file");
        info.ArgumentList.Add("blob");
        info.ArgumentList.Add(blob.Id);
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        try
        {
            var process = Process.Start(info) ?? throw new ObjectReadException($"{why}: git could not be started");
            process.StandardInput.Close();
            return new GitCliBlobStream(process, size, why);
        }
        catch (Win32Exception ex)
        {
            throw new ObjectReadException($"{why}: git could not be started ({ex.Message})", ex);
        }
    }

    public void Dispose()
    {
    }
}
