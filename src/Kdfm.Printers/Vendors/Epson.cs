namespace Kdfm.Printers.Vendors;

/// <summary>Epson (1248): serial 1248.1.1.3.1.1.1.0 and firmware 1248.1.1.3.1.21.1.1.2.1 (epson-scanner walk).</summary>
internal static class Epson
{
    public static VendorProfile Profile { get; } = new("Epson", [1248])
    {
        Brands = ["EPSON", "Epson"],
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.1248.1.1.3.1.1.1.0"), FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.1248.1.1.3.1.21.1.1.2.1"), Subtrees = VendorProfile.Oids("1.3.6.1.4.1.1248.1.1.3.1.1.1", "1.3.6.1.4.1.1248.1.1.3.1.21.1.1.2"),
    };
}
