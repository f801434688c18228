using System.Text;

namespace Kdfm.Snmp;

/// <summary>How an OCTET STRING reads to a person: as text when it is printable, else as hex bytes.</summary>
public static class OctetText
{
    /// <summary>True when every byte is printable ASCII or common whitespace (a trailing NUL is allowed, as printers pad).</summary>
    public static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        var trimmed = bytes.TrimEnd((byte)0);
        foreach (byte b in trimmed)
        {
            if (b is < 0x20 or > 0x7E && b is not ((byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Hex(ReadOnlySpan<byte> bytes, char separator = ' ')
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var sb = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (sb.Length > 0)
            {
                sb.Append(separator);
            }

            sb.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static string Describe(ReadOnlySpan<byte> bytes) =>
        IsPrintable(bytes) ? Encoding.ASCII.GetString(bytes) : Hex(bytes);
}
