using System.Text.RegularExpressions;
using LinqSecretScan.Tests.Fixtures;
using Xunit.Abstractions;

namespace LinqSecretScan.Tests.Architecture;

/// <summary>The folders of src/LinqSecretScan (one namespace each) form one pipeline: no folder may depend on a folder
/// that depends on it, and each uses only the folders below it in <see cref="Layers"/>. A new folder must be given its
/// place there. Dependencies are read from the compiled assembly (every type, method and field it refers to, in
/// signatures and method bodies) and from each file's `using` directives (constants are compiled into their users,
/// so only the source shows those; unused directives fail the build).</summary>
public sealed partial class FolderDependencyTests(ITestOutputHelper output)
{
    /// <summary>Lowest first. Core holds the shared model (findings, the outcome, ScanException); the pipeline runs
    /// Sources → Scanning (with Detection) → Filters → Verification → Reporting, then Purge (the purge kit, written from
    /// the findings with the report's redaction); Server (the pre-receive hook) puts a push through that pipeline, and
    /// Cli sits on top of everything.</summary>
    private static readonly string[] Layers =
    [
        "Core",
        "Rules",
        "Configuration",
        "Detection",
        "Sources",
        "Scanning",
        "Filters",
        "Verification",
        "Reporting",
        "Purge",
        "Server",
        "Hooks",
        "Packaging",
        "Completion",
        "Cli",
        "(root)",
    ];

    private static readonly Lazy<Dictionary<string, SortedSet<string>>> Graph = new(() => FolderGraph(
        typeof(LinqSecretScan.Core.ScanException).Assembly.Location,
        Path.Combine(RepositoryPaths.Root, "src", "LinqSecretScan")));

    [Fact]
    public void NoFolder_DependsOnAFolderThatDependsOnIt()
    {
        var cycles = Cycles(Graph.Value);

        Assert.True(cycles.Count == 0, $"folders that depend on each other: {string.Join("; ", cycles.Select(c => string.Join(" ⇄ ", c)))}\n{Describe(Graph.Value)}");
    }

    [Fact]
    public void EveryFolder_UsesOnlyTheFoldersBelowIt()
    {
        var wrong = new List<string>();
        foreach (var (folder, uses) in Graph.Value)
        {
            int level = Array.IndexOf(Layers, folder);
            if (level < 0)
            {
                wrong.Add($"{folder} has no place in FolderDependencyTests.Layers");
                continue;
            }

            wrong.AddRange(uses.Where(u => Array.IndexOf(Layers, u) >= level).Select(u => $"{folder} uses {u}"));
        }

        output.WriteLine(Describe(Graph.Value));
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    internal static Dictionary<string, SortedSet<string>> FolderGraph(string assemblyPath, string sourceRoot)
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string? from, string? to)
        {
            if (from is null)
            {
                return;
            }

            var edges = graph.TryGetValue(from, out var existing) ? existing : graph[from] = new SortedSet<string>(StringComparer.Ordinal);
            if (to is not null && to != from)
            {
                edges.Add(to);
            }
        }

        foreach (var (type, uses) in AssemblyReferences.Read(assemblyPath).Types)
        {
            Add(Folder(type), null);
            foreach (var used in uses)
            {
                Add(Folder(type), Folder(used));
            }
        }

        foreach (string file in Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(sourceRoot, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            string folder = relative.Contains('/', StringComparison.Ordinal) ? relative[..relative.IndexOf('/', StringComparison.Ordinal)] : "(root)";
            foreach (Match directive in UsingDirective().Matches(File.ReadAllText(file)))
            {
                Add(folder, Folder(directive.Groups["ns"].Value + ".Type"));
            }
        }

        return graph;
    }

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?<ns>LinqSecretScan(?:\.\w+)+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    /// <summary>LinqSecretScan.Sources.Native.X is in folder Sources; LinqSecretScan.Program in the root. Types of
    /// other namespaces (generated regexes, compiler attributes) belong to no folder.</summary>
    private static string? Folder(string typeName)
    {
        const string Root = "LinqSecretScan.";
        if (!typeName.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = typeName[Root.Length..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? "(root)" : rest[..dot];
    }

    /// <summary>The strongly connected groups of more than one folder (Tarjan).</summary>
    internal static List<List<string>> Cycles(Dictionary<string, SortedSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<List<string>>();
        int next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target) && index.TryGetValue(target, out int targetIndex))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);

                if (group.Count > 1)
                {
                    group.Sort(StringComparer.Ordinal);
                    cycles.Add(group);
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    internal static string Describe(Dictionary<string, SortedSet<string>> graph) =>
        string.Join('\n', graph.OrderBy(kv => Array.IndexOf(Layers, kv.Key)).Select(kv => $"{kv.Key} -> {string.Join(", ", kv.Value)}"));
}
