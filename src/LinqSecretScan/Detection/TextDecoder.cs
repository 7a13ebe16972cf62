using System.Text;

namespace LinqSecretScan.Detection;

/// <summary>Turns raw file bytes into text, or says the bytes are binary.</summary>
/// <remarks>
/// Git's own binary test (a NUL in the first 8000 bytes) is used, but a UTF-16 file is text even though it is
/// full of NULs. Without a BOM, everything that is not UTF-16 is decoded as UTF-8 with replacement characters, so
/// Latin-1 or broken bytes never hide the ASCII of a token next to them. A UTF-16 BOM is trusted only when the
/// bytes after it really look like UTF-16 (ASCII in UTF-16 has NUL high bytes); junk that merely starts with
/// FF FE is decoded as UTF-8 like any other junk.
/// </remarks>
internal static class TextDecoder
{
    public const int BinarySniffLength = 8000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly UnicodeEncoding Utf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false);
    private static readonly UnicodeEncoding Utf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false);
    private static readonly UTF32Encoding Utf32Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: false);
    private static readonly UTF32Encoding Utf32Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: false);

    /// <summary>How to decode content, decided from its first bytes.</summary>
    public sealed record Sniffed(Encoding Encoding, int BomLength, string Name);

    /// <summary>Decides the encoding from the first bytes of content (at least <see cref="BinarySniffLength"/>
    /// of them when there are that many); null when the content is binary.</summary>
    public static Sniffed? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new Sniffed(Utf8, 3, "utf-8-bom");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new Sniffed(Utf32Le, 4, "utf-32le");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new Sniffed(Utf32Be, 4, "utf-32be");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && LooksLikeUtf16(head[2..], littleEndian: true, requireMostlyAscii: false))
        {
            return new Sniffed(Utf16Le, 2, "utf-16le");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) && LooksLikeUtf16(head[2..], littleEndian: false, requireMostlyAscii: false))
        {
            return new Sniffed(Utf16Be, 2, "utf-16be");
        }

        var sniff = head[..Math.Min(head.Length, BinarySniffLength)];
        if (sniff.Contains((byte)0))
        {
            if (LooksLikeUtf16(head, littleEndian: true, requireMostlyAscii: true))
            {
                return new Sniffed(Utf16Le, 0, "utf-16le");
            }

            if (LooksLikeUtf16(head, littleEndian: false, requireMostlyAscii: true))
            {
                return new Sniffed(Utf16Be, 0, "utf-16be");
            }

            return null;
        }

        return new Sniffed(Utf8, 0, "utf-8");
    }

    /// <summary>Returns null when the content is binary.</summary>
    public static DecodedText? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return DecodedText.Empty;
        }

        var sniffed = Sniff(bytes);
        return sniffed is null ? null : new DecodedText(sniffed.Encoding.GetString(bytes[sniffed.BomLength..]), sniffed.Name);
    }

    /// <summary>UTF-16 text of a source or config file is mostly ASCII, so most of its high bytes are NUL and its
    /// low bytes are not. With a BOM, a few NUL high bytes are enough (the text may be mostly non-Latin); without
    /// one, the content must be dominated by that pattern.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes, bool littleEndian, bool requireMostlyAscii)
    {
        var sample = bytes[..(Math.Min(bytes.Length, BinarySniffLength) & ~1)];
        if (sample.Length < 2)
        {
            return !requireMostlyAscii;
        }

        int pairs = sample.Length / 2, asciiPairs = 0, nulPairs = 0;
        for (int i = 0; i < sample.Length; i += 2)
        {
            byte high = littleEndian ? sample[i + 1] : sample[i];
            byte low = littleEndian ? sample[i] : sample[i + 1];
            if (high == 0)
            {
                if (low == 0)
                {
                    nulPairs++;
                }
                else
                {
                    asciiPairs++;
                }
            }
        }

        if (requireMostlyAscii)
        {
            return asciiPairs >= pairs * 0.6 && nulPairs <= pairs * 0.05;
        }

        return asciiPairs > 0 && nulPairs <= pairs * 0.2;
    }
}
