namespace LinqSecretScan.Fuzz;

/// <summary>The target's way of telling afl-fuzz that an input broke an invariant: an unhandled exception is a crash.</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);
