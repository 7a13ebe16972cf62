namespace LinqSecretScan.Detection;

/// <summary>Content decoded for scanning. Offsets, lines and columns are counted in UTF-16 code units of
/// <see cref="Text"/>, which is what SARIF calls utf16CodeUnits and what editors show as columns.</summary>
internal sealed record DecodedText(string Text, string Encoding)
{
    public static readonly DecodedText Empty = new(string.Empty, "utf-8");
}
