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
         "Samsung", "Lexmark", "OKI", "TOSHIBA", "KONICA MINOLTA", "Zebra",
         // brands sold on other makers' engines (the vendor profiles' Rebadges)
         "Dell", "Develop", "Olivetti", "UTAX", "TA Triumph-Adler", "Triumph-Adler", "Copystar", "Gestetner", "Lanier", "NRG", "Savin",
         "Nashuatec", "Rex-Rotary", "Infotec", "Muratec", "IBM"];

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

    /// <summary>
    /// Where the interpreter reads a serial number as a whole value: the standard columns (prtGeneralSerialNumber,
    /// entPhysicalSerialNum) and every vendor's own variable. It also takes one from sysDescr (HP's "SN:…,") and from
    /// IEEE 1284 device IDs (SN:, SERN:, SERIALNUMBER:, SER:). Tools that give a recorded device a new identity (kdfm-sim's
    /// copies) must change all of them; their tests check their list against this one.
    /// </summary>
    public static IReadOnlyList<Kdfm.Snmp.Oid> SerialSources { get; } =
        [Standard.StandardMibs.PrtGeneralSerialNumber, Standard.StandardMibs.EntPhysical.Append(11), .. Vendors.VendorCatalog.All.SelectMany(p => p.SerialOids)];

    /// <summary>
    /// The snapshot key: vendor:serial, else mac:…, else ip:… (SNAPSHOT.md) — a placeholder serial ("0000000000",
    /// "UNKNOWN", "123456789"…) or MAC (all zeros, broadcast, multicast, locally administered) is skipped.
    /// </summary>
    public static string Key(string? vendor, string? serial, string? mac, string? address) =>
        IsUsableSerial(serial) ? $"{(vendor ?? "unknown").ToLowerInvariant().Replace(' ', '-')}:{serial}"
        : IsUsableMac(mac) ? $"mac:{mac}"
        : $"ip:{address ?? "unknown"}";

    /// <summary>
    /// How strong a key is as an identity: 2 for vendor:serial, 1 for mac:…, 0 for ip:…. A reading of a known device
    /// whose key is weaker than the device's lacks part of its identity (a lost request), it is not another printer.
    /// </summary>
    public static int Strength(string key) =>
        key.StartsWith("ip:", StringComparison.Ordinal) ? 0 : key.StartsWith("mac:", StringComparison.Ordinal) ? 1 : 2;

    /// <summary>True when <paramref name="serial"/> can name a device (not a placeholder, 3 to 64 characters).</summary>
    public static bool IsUsableSerial(string? serial) => IdentityRules.IsSerial(serial);

    /// <summary>True when <paramref name="mac"/> (aa:bb:cc:dd:ee:ff) names one interface for good.</summary>
    public static bool IsUsableMac(string? mac) => IdentityRules.IsMac(mac);

    /// <summary>The serial to keep of two: the first that can name the device, else the first read at all (it is still data).</summary>
    public static string? BetterSerial(string? current, string? candidate) =>
        IsUsableSerial(current) ? current : IsUsableSerial(candidate) ? candidate : current ?? candidate;
}
