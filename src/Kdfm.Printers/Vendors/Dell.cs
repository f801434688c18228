namespace Kdfm.Printers.Vendors;

/// <summary>Dell (674): IEEE 1284 device ID at 674.10898.100.2.1.2.1.3.1 and firmware 674.10898.100.1.1.1.0 (dell-laser_s5830dn walk).</summary>
internal static class Dell
{
    public static VendorProfile Profile { get; } = new("Dell", [674])
    {
        Brands = ["Dell"],
        DeviceIdOids = VendorProfile.Oids("1.3.6.1.4.1.674.10898.100.2.1.2.1.3.1"), FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.674.10898.100.1.1.1.0"), Subtrees = VendorProfile.Oids("1.3.6.1.4.1.674.10898.100.1.1.1", "1.3.6.1.4.1.674.10898.100.2.1.2.1.3"),
    };
}
