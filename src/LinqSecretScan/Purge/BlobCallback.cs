using System.Text;

namespace LinqSecretScan.Purge;

/// <summary>blob-callback.py, for `git filter-repo --blob-callback`: written only when a secret sits where
/// `--replace-text` does not reach it. filter-repo replaces text as UTF-8 bytes and skips every blob with a NUL in
/// its first 8 KiB, so a token in a UTF-16 file (PowerShell's Out-File, .reg exports, some .NET resources) or in
/// UTF-32 text is left as it was. The callback reads the secrets from replacements.txt (it holds none itself) and
/// replaces their UTF-16 and UTF-32 forms in every blob, and their UTF-8 form in the blobs --replace-text skipped,
/// each with the same encoding of the replacement. filter-repo runs the file as the body of a function of `blob`
/// (it takes a path to a file in place of code).</summary>
internal static class BlobCallback
{
    public const string FileName = "blob-callback.py";

    public static string Build(string replacementsPath) =>
        $$"""
        # linq-secret-scan purge kit: replaces the secrets of replacements.txt where `--replace-text` does not reach
        # them: their UTF-16 and UTF-32 forms in every blob, and their UTF-8 form in blobs with a NUL in the first
        # 8 KiB (which --replace-text skips as binary). Read once from replacements.txt; no secret is in this file.
        # Lines that are patterns (regex:, glob:) are left to --replace-text.
        kit_globals = globals()
        if "lss_kit_pairs" not in kit_globals:
            kit_pairs = []
            with open({{PythonString(replacementsPath)}}, "rb") as kit_file:
                for kit_line in kit_file:
                    kit_line = kit_line.rstrip(b"\r\n")
                    if b"==>" not in kit_line or kit_line.startswith((b"regex:", b"glob:")):
                        continue
                    kit_secret, kit_new = kit_line.rsplit(b"==>", 1)
                    if kit_secret.startswith(b"literal:"):
                        kit_secret = kit_secret[8:]
                    for kit_codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
                        kit_pairs.append((kit_codec == "utf-8", kit_secret.decode("utf-8").encode(kit_codec), kit_new.decode("utf-8").encode(kit_codec)))
            kit_globals["lss_kit_pairs"] = kit_pairs
        kit_skipped = b"\0" in blob.data[0:8192]
        for kit_utf8, kit_old, kit_replacement in kit_globals["lss_kit_pairs"]:
            if (kit_skipped or not kit_utf8) and kit_old in blob.data:
                blob.data = blob.data.replace(kit_old, kit_replacement)

        """;

    /// <summary>A Python string literal for any path: ASCII letters, digits and a few safe characters as they are,
    /// everything else as \U escapes.</summary>
    internal static string PythonString(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "/._-+ ".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                literal.Append((char)rune.Value);
            }
            else
            {
                literal.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
            }
        }

        return literal.Append('"').ToString();
    }
}
