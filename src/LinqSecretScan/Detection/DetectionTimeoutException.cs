namespace LinqSecretScan.Detection;

/// <summary>A rule's pattern hit its match timeout on some text: that file's scan is incomplete.</summary>
internal sealed class DetectionTimeoutException(string ruleName, TimeSpan timeout)
    : Exception($"rule {ruleName} gave up after {timeout.TotalSeconds:0} s");
