namespace LinqSecretScan.Tests.Fixtures;

/// <summary>Repositories in the shapes git makes that LibGit2Sharp 0.32 may not expect (OddRepositoryTests in both
/// tiers).</summary>
internal static class OddRepositories
{
    /// <summary>d1/f.txt holds a committed token; d1/keep.txt and d2/, d3/ other files (for sparse checkouts).</summary>
    public static TempGitRepo WithHistory(TestSecrets secrets, out string committedToken)
    {
        var repo = new TempGitRepo();
        committedToken = secrets.LinqToken();
        repo.Write("d1/keep.txt", "keep\n").Write("d2/x.txt", "x\n").Write("d3/y.txt", "y\n").StageAll();
        repo.Commit("first");
        repo.Write("d1/f.txt", $"old = {committedToken}\n").StageAll();
        repo.Commit("second");
        return repo;
    }

    public static TempGitRepo Sha256(TestSecrets secrets, out string committedToken)
    {
        var repo = new TempGitRepo(init: false);
        repo.GitOk("init", "-q", "-b", "main", "--object-format=sha256");
        committedToken = secrets.LinqToken();
        repo.Write("a.txt", $"t = {committedToken}\n").StageAll();
        repo.Commit();
        return repo;
    }

    public static void MakeIndex(TempGitRepo repo, string format)
    {
        switch (format)
        {
            case "split-index":
                repo.GitOk("update-index", "--split-index");
                break;
            case "sparse-index":
                repo.GitOk("sparse-checkout", "init", "--cone", "--sparse-index");
                repo.GitOk("sparse-checkout", "set", "d1");
                break;
            default:
                repo.GitOk("update-index", "--index-version", "4");
                break;
        }
    }
}
