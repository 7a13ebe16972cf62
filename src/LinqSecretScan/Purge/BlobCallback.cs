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
        linq_kit = globals()
        if "linq_secret_scan_pairs" not in linq_kit:
            linq_pairs = []
            with open({{PythonString(replacementsPath)}}, "rb") as linq_file:
                for linq_line in linq_file:
                    linq_line = linq_line.rstrip(b"\r\n")
                    if b"==>" not in linq_line or linq_line.startswith((b"regex:", b"glob:")):
                        continue
                    linq_secret, linq_new = linq_line.rsplit(b"==>", 1)
                    if linq_secret.startswith(b"literal:"):
                        linq_secret = linq_secret[8:]
                    for linq_codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
                        linq_pairs.append((linq_codec == "utf-8", linq_secret.decode("utf-8").encode(linq_codec), linq_new.decode("utf-8").encode(linq_codec)))
            linq_kit["linq_secret_scan_pairs"] = linq_pairs
        linq_skipped = b"\0" in blob.data[0:8192]
        for linq_utf8, linq_old, linq_replacement in linq_kit["linq_secret_scan_pairs"]:
            if (linq_skipped or not linq_utf8) and linq_old in blob.data:
                blob.data = blob.data.replace(linq_old, linq_replacement)

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
