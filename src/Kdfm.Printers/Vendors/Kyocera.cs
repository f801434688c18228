namespace Kdfm.Printers.Vendors;

/// <summary>Kyocera (1347), also sold as UTAX and TA Triumph-Adler: model and serial in 1347.43.5.1.1 (kyocera stub walk).</summary>
internal static class Kyocera
{
    public static VendorProfile Profile { get; } = new("Kyocera", [1347])
    {
        Brands = ["KYOCERA", "UTAX", "TA Triumph-Adler", "Triumph-Adler"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.1347.43.5.1.1.1.1"),
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.1347.43.5.1.1.28.1"),
        CounterTables = [("kyocera", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.1347.42.3.1"))],
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.1347.43.5.1.1", "1.3.6.1.4.1.1347.42.3.1"),
    };
}
