using LinqSecretScan.Detection;

namespace LinqSecretScan.Tests.Corpus;

/// <summary>Compares what the scanner reported in one expanded case with what the case holds.</summary>
internal sealed record CorpusScore(
    CorpusCase.Expanded Case,
    IReadOnlyList<CorpusCase.Expected> Found,
    IReadOnlyList<CorpusCase.Expected> Missed,
    IReadOnlyList<CorpusCase.Expected> KnownMissed,
    IReadOnlyList<CorpusCase.Expected> FalseFindings)
{
    /// <summary>True when every secret was found where it is and nothing else was reported (known misses aside).</summary>
    public bool Exact => Missed.Count == 0 && FalseFindings.Count == 0;

    public static CorpusScore Of(CorpusCase.Expanded expanded, IEnumerable<(string Rule, int Line, int Column, string Secret)> reported)
    {
        var findings = reported.Distinct().ToList();
        var found = new List<CorpusCase.Expected>();
        var missed = new List<CorpusCase.Expected>();
        var knownMissed = new List<CorpusCase.Expected>();
        foreach (var value in expanded.Values.Where(v => v.Role != CorpusCase.Role.Trap))
        {
            int hit = findings.FindIndex(f => f.Rule == value.Rule && f.Line == value.Line && f.Column == value.Column && f.Secret == value.Secret);
            if (hit >= 0)
            {
                found.Add(value);
                findings.RemoveAt(hit);
            }
            else if (value.Role == CorpusCase.Role.KnownMiss)
            {
                knownMissed.Add(value);
            }
            else
            {
                missed.Add(value);
            }
        }

        var traps = expanded.Values.Where(v => v.Role == CorpusCase.Role.Trap).ToList();
        var falseFindings = findings
            .Select(f => traps.FirstOrDefault(t => t.Secret == f.Secret) is { } trap
                ? trap with { Rule = f.Rule, Line = f.Line, Column = f.Column }
                : new CorpusCase.Expected(f.Rule, f.Line, f.Column, f.Secret, CorpusCase.Role.Trap))
            .ToList();
        return new CorpusScore(expanded, found, missed, knownMissed, falseFindings);
    }

    public static CorpusScore Detect(Detector detector, CorpusCase.Expanded expanded) =>
        Of(expanded, detector.Detect(expanded.Case.Path, expanded.Text).Select(d =>
        {
            var (line, column) = CorpusCase.LineAndColumn(expanded.Text, d.Offset);
            return (d.Rule.Id, line, column, d.Secret);
        }));

    public string Describe()
    {
        var lines = new List<string> { $"{Case.Case.Name} ({Case.Case.Path}):" };
        lines.AddRange(Missed.Select(m => $"  missed     {m.Rule} line {m.Line} col {m.Column}: {m.Secret}"));
        lines.AddRange(FalseFindings.Select(f => $"  false      {f.Rule} line {f.Line} col {f.Column}: {f.Secret}"));
        lines.AddRange(KnownMissed.Select(m => $"  known miss {m.Rule} line {m.Line} col {m.Column}: {m.Secret}"));
        return string.Join('\n', lines);
    }
}
