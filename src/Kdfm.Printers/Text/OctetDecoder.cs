using System.Text;

namespace Kdfm.Printers.Text;

/// <summary>
/// OCTET STRINGs as the device means them: trimmed, NUL-free, decoded with the printer's character set
/// (prtLocalizationCharacterSet, an IANA MIBenum) when it names one, else UTF-8 when valid, else Latin-1.
/// </summary>
public static class OctetDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static OctetDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Text of <paramref name="bytes"/>, or null when nothing but padding is left.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, int? mibEnum = null) => Decode(bytes, mibEnum, int.MaxValue);

    /// <summary>
    /// Text of at most <paramref name="maxChars"/> characters: only the bytes that can make them are decoded (four per
    /// character, UTF-8's longest, cut back to a UTF-8 character boundary), so a 64 KB value costs no more than its cap.
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, int? mibEnum, int maxChars)
    {
        long maxBytes = 4L * maxChars;
        if (bytes.Length > maxBytes)
        {
            int cut = (int)maxBytes;
            while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
            {
                cut--; // a UTF-8 continuation byte: cut before the character it belongs to
            }

            bytes = bytes[..cut];
        }

        var text = DecodeWhole(bytes, mibEnum);
        return Snapshot.SnapshotLimits.Cap(text, maxChars);
    }

    private static string? DecodeWhole(ReadOnlySpan<byte> bytes, int? mibEnum)
    {
        var trimmed = bytes.Trim((byte)0);
        if (trimmed.IsEmpty)
        {
            return null;
        }

        string text = DecodeWith(trimmed, mibEnum);
        text = text.Replace("\0", string.Empty, StringComparison.Ordinal).Trim();
        return text.Length == 0 ? null : text;
    }

    private static string DecodeWith(ReadOnlySpan<byte> bytes, int? mibEnum)
    {
        var named = mibEnum switch
        {
            3 => Encoding.ASCII,
            4 => Encoding.Latin1,
            5 => Encoding.GetEncoding("iso-8859-2"),
            8 => Encoding.GetEncoding("iso-8859-5"),
            12 => Encoding.GetEncoding("iso-8859-9"),
            106 => StrictUtf8,
            2004 => Roman8.Instance,
            _ => null,
        };
        if (named is not null && named != StrictUtf8)
        {
            return named.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>True when the bytes are mostly printable text (used to tell names from binary blobs).</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        var trimmed = bytes.Trim((byte)0);
        if (trimmed.IsEmpty)
        {
            return false;
        }

        int printable = 0;
        foreach (byte b in trimmed)
        {
            if (b is >= 0x20 and < 0x7F or (byte)'\r' or (byte)'\n' or (byte)'\t' or >= 0xA0)
            {
                printable++;
            }
        }

        return printable * 10 >= trimmed.Length * 9;
    }

    /// <summary>A MAC address as aa:bb:cc:dd:ee:ff, or null when it is not six bytes or all zero.</summary>
    public static string? Mac(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 6 && bytes.ContainsAnyExcept((byte)0)
            ? string.Join(':', bytes.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)))
            : null;
}
