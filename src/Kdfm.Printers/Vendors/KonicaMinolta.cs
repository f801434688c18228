namespace Kdfm.Printers.Vendors;

/// <summary>Konica Minolta (18334), also sold as Develop (ineo) and Olivetti: model 18334.1.1.1.1.6.2.1.0, firmware 18334.1.1.1.1.6.1.0 (konica walk); counters in 18334.1.1.1.5.7.2.</summary>
internal static class KonicaMinolta
{
    public static VendorProfile Profile { get; } = new("Konica Minolta", [18334])
    {
        Brands = ["KONICA MINOLTA", "bizhub"],
        Rebadges = ["Develop", "Olivetti"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.18334.1.1.1.1.6.2.1.0"), FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.18334.1.1.1.1.6.1.0"), CounterTables = [("konica", Kdfm.Snmp.Oid.Parse("1.3.6.1.4.1.18334.1.1.1.5.7.2"))], Subtrees = VendorProfile.Oids("1.3.6.1.4.1.18334.1.1.1.1.6", "1.3.6.1.4.1.18334.1.1.1.5.7.2"),
    };
}
