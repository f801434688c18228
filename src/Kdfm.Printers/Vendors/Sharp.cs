namespace Kdfm.Printers.Vendors;

/// <summary>Sharp (2385), also sold as Toshiba and Muratec: firmware 2385.2.1.1.2.1.2.1 and the job counter table 2385.1.1.19.2.1.3 (job type . 4 . colour mode), librenms' sharp walk.</summary>
internal static class Sharp
{
    public static VendorProfile Profile { get; } = new("Sharp", [2385])
    {
        Brands = ["SHARP"],
        Rebadges = ["Toshiba", "Muratec"],
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.2385.2.1.1.2.1.2.1"), Counters = [("print.mono", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.61")), ("copy.mono", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.2385.1.1.19.2.1.3.4.4.61")), ("copy.color", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.2385.1.1.19.2.1.3.4.4.63")), ("print.color", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.63"))], CounterTables = [("sharp", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.2385.1.1.19.2.1.3"))], Subtrees = VendorProfile.Oids("1.3.6.1.4.1.2385.1.1.19.2.1.3", "1.3.6.1.4.1.2385.2.1.1.2.1.2"),
    };
}
