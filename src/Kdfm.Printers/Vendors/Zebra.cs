namespace Kdfm.Printers.Vendors;

/// <summary>Zebra (10642; 683 on older print servers): model 683.1.4.0, serial 683.1.5.0, firmware 683.1.9.0 or 10642.1.2.0, printed length at 10642.200.17.3.0 as text ("1920 INCHES, 4876 CENTIMETERS"), zebra walk.</summary>
internal static class Zebra
{
    public static VendorProfile Profile { get; } = new("Zebra", [10642, 683])
    {
        Brands = ["Zebra", "ZTC"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.683.1.4.0"), SerialOids = VendorProfile.Oids("1.3.6.1.4.1.683.1.5.0"), FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.683.1.9.0", "1.3.6.1.4.1.10642.1.2.0"), Subtrees = VendorProfile.Oids("1.3.6.1.4.1.683.1", "1.3.6.1.4.1.10642.1.2", "1.3.6.1.4.1.10642.200.17.3"), Decode = ZebraLength.Decode,
    };
}
