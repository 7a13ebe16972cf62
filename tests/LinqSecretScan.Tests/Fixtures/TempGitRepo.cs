using System.Text;

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>A real git repository in a temp folder, driven by the git CLI, deleted on dispose.</summary>
internal sealed class TempGitRepo : IDisposable
{
    public TempGitRepo(bool init = true, bool bare = false)
    {
        Root = Path.Combine(Path.GetTempPath(), "lss-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        if (init)
        {
            Git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"]);
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public TempGitRepo Write(string relative, string content) => WriteBytes(relative, Encoding.UTF8.GetBytes(content));

    public TempGitRepo WriteBytes(string relative, byte[] content)
    {
        string full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    public TempGitRepo Delete(string relative)
    {
        File.Delete(PathOf(relative));
        return this;
    }

    public TempGitRepo Stage(params string[] paths) => GitOk(["add", "--", .. paths]);

    public TempGitRepo StageAll() => GitOk(["add", "-A"]);

    public string Commit(string message = "commit", bool noVerify = true)
    {
        GitOk(noVerify ? ["commit", "-q", "--no-verify", "-m", message] : ["commit", "-q", "-m", message]);
        return Git("rev-parse", "HEAD").StdOut.Trim();
    }

    public ProcessResult Git(params string[] arguments) => Git(null, arguments);

    public ProcessResult Git(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRunner.Run("git", arguments, Root, environment);

    public TempGitRepo GitOk(params string[] arguments)
    {
        var result = Git(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result}");
        }

        return this;
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
