namespace Kdfm.Printers.Vendors;

/// <summary>Canon (1602): model 1602.1.1.1.1.0 and firmware 1602.1.1.1.4.0 (canonprinter_lbp walk).</summary>
internal static class Canon
{
    public static VendorProfile Profile { get; } = new("Canon", [1602])
    {
        Brands = ["Canon"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.1602.1.1.1.1.0"), FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.1602.1.1.1.4.0"), Subtrees = VendorProfile.Oids("1.3.6.1.4.1.1602.1.1.1"),
    };
}
