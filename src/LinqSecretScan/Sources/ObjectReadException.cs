namespace LinqSecretScan.Sources;

/// <summary>One object could not be read (missing from a partial clone, corrupt pack). The scan goes on with the
/// rest and ends with exit 2, naming what it could not read.</summary>
internal sealed class ObjectReadException(string message, Exception? inner = null) : Exception(message, inner);
