using System.Text;
using System.Text.RegularExpressions;
using LinqSecretScan.Core;

namespace LinqSecretScan.Detection;

/// <summary>A rule's path pattern (or the package-artefact one), checked first for the literals every match of it
/// holds (<see cref="RequiredLiterals"/>: `linq` for a path named for Linq, `.json` / `.yaml` / `.yml` for a
/// Kubernetes file): a path without any of them is not run through the regex. Every file of a `dir` scan meets each
/// path pattern, and a regex call costs about a microsecond and a half even when it fails at once (the runner, the
/// match-timeout clock); a search of a 50-character path costs a few nanoseconds. The literals are read from the
/// pattern once a detector has checked <see cref="DirectChecks"/> paths with it, so a hook over a few staged files
/// does not pay for reading them. Only for built-in patterns (a custom rule's is the user's, and runs as it is);
/// a path with a character outside ASCII always runs the regex, whose case folding joins a few such characters to
/// ASCII letters (the Kelvin sign to k).</summary>
internal sealed class PathPattern(Regex pattern, bool builtIn)
{
    /// <summary>Paths checked by the regex alone before the literals are read.</summary>
    public const int DirectChecks = 64;

    /// <summary>The literals, when there are some and all are ASCII; each is looked for with
    /// <see cref="IgnoreCase"/>. (SearchValues' multi-string search ran its shuffles out of line in the NativeAOT
    /// build: perf, `dir` of 10,000 files.)</summary>
    private readonly Lazy<string[]?> _literals = new(() =>
        builtIn && RequiredLiterals.Of(pattern.ToString(), []) is { } literals && literals.All(l => Ascii.IsValid(l)) ? [.. literals] : null);

    /// <summary>Paths checked so far, up to <see cref="DirectChecks"/>; a race between threads only moves the
    /// moment the literals are read.</summary>
    private int _checks;

    public bool IsMatch(string path)
    {
        if (_checks < DirectChecks)
        {
            _checks++;
            return pattern.IsMatch(path);
        }

        var span = path.AsSpan();
        return (_literals.Value is not { } literals || HoldsAny(span, literals)) && pattern.IsMatch(path);
    }

    /// <summary>Whether a path holds one of the ASCII literals in any case; a path with a character outside ASCII
    /// counts as holding one.</summary>
    private static bool HoldsAny(ReadOnlySpan<char> path, string[] literals)
    {
        if (!Ascii.IsValid(path))
        {
            return true;
        }

        foreach (string literal in literals)
        {
            if (IgnoreCase.Contains(path, literal))
            {
                return true;
            }
        }

        return false;
    }
}
