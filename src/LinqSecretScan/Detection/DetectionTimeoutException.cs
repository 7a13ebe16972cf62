namespace LinqSecretScan.Detection;

/// <summary>A rule's pattern hit its match timeout on some text: that file's scan is incomplete.</summary>
internal sealed class DetectionTimeoutException(string ruleName, TimeSpan timeout)
    : Exception($"rule {ruleName} gave up after {timeout.TotalMilliseconds:0} ms (its match timeout); this file was not fully scanned");
