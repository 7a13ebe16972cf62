namespace LinqSecretScan.Tests.Fixtures;

/// <summary>One request as <see cref="FakeLinqApi"/> received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string? UserAgent);
