namespace Kdfm.Printers.Vendors;

/// <summary>
/// HP (enterprise 11). PML counters under 11.2.3.9.4.2.1.4.1.2 (total 5, mono 6, colour 7, duplex 22) and scans (scan.total) at
/// 11.2.3.9.4.2.1.2.2.1.74, as librenms' jetdirect_m130nw walk shows; PML strings start with a two-byte symbol set
/// (e.g. 01 15), stripped when read. The IEEE 1284 device ID (11.2.3.9.1.1.7.0) names the model; other vendors'
/// JetDirect-compatible cards answer there too, so it is only trusted for HP.
/// </summary>
internal static class Hp
{
    public static VendorProfile Profile { get; } = new("HP", [11])
    {
        Brands = ["HP", "Hewlett-Packard", "Hewlett Packard"],
        DeviceIdOids = VendorProfile.Oids("1.3.6.1.4.1.11.2.3.9.1.1.7.0"),
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"),
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.5.0"),
        Counters =
        [
            ("vendor:Total page cnt", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.5.0")),
            ("mono", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.6.0")),
            ("color", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.7.0")),
            ("duplex", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.22.0")),
            ("vendor:Total Jam cnt", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.34.0")),
            (Meters.MeterNames.ScanTotal, Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.2.2.1.74.0")),
        ],
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.11.2.3.9.1.1.7", "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3", "1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2",
            "1.3.6.1.4.1.11.2.3.9.4.2.1.2.2.1.74"),
    };
}
