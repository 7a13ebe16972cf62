namespace LinqSecretScan.Detection;

/// <summary>Which path-restricted rules apply to a path, exactly: one bit per such rule, the first 64 in
/// <see cref="Bits"/> and any further ones as '0'/'1' characters in <see cref="More"/>. Detection results can be shared
/// between paths with equal signatures; the default value is the usual path that no such rule names.</summary>
internal readonly record struct PathRuleSignature(ulong Bits, string? More)
{
    public bool IsNone => Bits == 0 && More is null;
}
