namespace Kdfm.Printers;

/// <summary>Helpers for identity strings: IEEE 1284 device IDs, model names, snapshot keys.</summary>
public static class DeviceIdentity
{
    /// <summary>A field of an IEEE 1284 device ID ("MFG:Brother;CMD:PJL;MDL:HL-L2340DW series;"): MDL or MODEL for the model.</summary>
    public static string? DeviceIdField(string deviceId, params string[] keys)
    {
        foreach (var part in deviceId.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && keys.Any(k => part[..colon].Trim().Equals(k, StringComparison.OrdinalIgnoreCase)))
            {
                var value = part[(colon + 1)..].Trim();
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }

    private static readonly string[] VendorWords =
        ["Hewlett-Packard", "Hewlett Packard", "HP", "KYOCERA", "Brother", "Canon", "RICOH", "EPSON", "Xerox", "FUJIFILM", "FUJI XEROX", "SHARP",
         "Samsung", "Lexmark", "OKI", "TOSHIBA", "KONICA MINOLTA", "Zebra"];

    /// <summary>The model without the vendor's name in front or " series" behind ("Brother HL-L2340DW series" → "HL-L2340DW").</summary>
    public static string NormalizeModel(string model)
    {
        string m = model.Trim();
        foreach (var word in VendorWords)
        {
            if (m.StartsWith(word + " ", StringComparison.OrdinalIgnoreCase))
            {
                m = m[(word.Length + 1)..].TrimStart();
                break;
            }
        }

        if (m.EndsWith(" series", StringComparison.OrdinalIgnoreCase))
        {
            m = m[..^" series".Length].TrimEnd();
        }

        return m;
    }

    /// <summary>The snapshot key: vendor:serial, else mac:…, else ip:… (SNAPSHOT.md).</summary>
    public static string Key(string? vendor, string? serial, string? mac, string? address) =>
        serial is not null ? $"{(vendor ?? "unknown").ToLowerInvariant().Replace(' ', '-')}:{serial}"
        : mac is not null ? $"mac:{mac}"
        : $"ip:{address ?? "unknown"}";
}
