using System.Globalization;

namespace Kdfm.Printers;

/// <summary>
/// Which serial numbers and MAC addresses can name a device. Printers answer with placeholders where they have no
/// value ("0000000000", "UNKNOWN", "serial_number" in the brother-py fixtures, "123456789"), and two printers that
/// send the same placeholder are not one device: such a value stays in the snapshot as data but is never a key.
/// </summary>
internal static class IdentityRules
{
    /// <summary>Serials longer than this are not serials (prtGeneralSerialNumber allows 255 octets, real ones are under 32).</summary>
    public const int MaxSerialChars = 64;

    private const int MinSerialAlphanumerics = 3;

    /// <summary>Words printers and test fixtures put where a serial should be, compared on letters and digits, lower-cased.</summary>
    private static readonly HashSet<string> PlaceholderWords =
    [
        "unknown", "unknow", "unkown", "na", "none", "null", "nil", "empty", "default", "undefined", "notset", "notavailable",
        "notapplicable", "invalid", "tbd", "test", "serial", "serialno", "serialnumber", "sn", "sernum", "sernr", "number",
    ];

    public static bool IsSerial(string? serial)
    {
        if (serial is null || serial.Length > MaxSerialChars)
        {
            return false;
        }

        string core = new([.. serial.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        return core.Length >= MinSerialAlphanumerics
            && !PlaceholderWords.Contains(core)
            && core.Distinct().Count() > 1   // "0000000000", "XXXXXX", "111"
            && !IsRun(core);                 // "123456789", "0123456789", "abcdef", "987654321"
    }

    /// <summary>Every character one more (or every one one less) than the one before it, digits wrapping 9 → 0.</summary>
    private static bool IsRun(string core)
    {
        bool up = true, down = true;
        for (int i = 1; i < core.Length && (up || down); i++)
        {
            int step = core[i] - core[i - 1];
            bool digits = char.IsAsciiDigit(core[i]) && char.IsAsciiDigit(core[i - 1]);
            up &= step == 1 || digits && step == -9;
            down &= step == -1 || digits && step == 9;
        }

        return up || down;
    }

    /// <summary>
    /// A MAC that names one interface for good: not all zeros, not a group address (ff:ff:ff:ff:ff:ff and any
    /// multicast: the I/G bit, IEEE 802 §8.2), not locally administered (the U/L bit: random or software-assigned
    /// addresses, which change).
    /// </summary>
    public static bool IsMac(string? mac)
    {
        if (mac is null)
        {
            return false;
        }

        var parts = mac.Split(':');
        if (parts.Length != 6 || !parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit)))
        {
            return false;
        }

        var octets = parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        return octets.Any(o => o != 0) && (octets[0] & 0x01) == 0 && (octets[0] & 0x02) == 0;
    }
}
