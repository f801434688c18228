namespace Kdfm.Printers.Vendors;

/// <summary>Fujifilm and Fuji Xerox (297): identity from the standard MIBs and sysDescr.</summary>
internal static class FujifilmXerox
{
    public static VendorProfile Profile { get; } = new("Fujifilm", [297])
    {
        Brands = ["FUJIFILM", "FUJI XEROX", "Fuji Xerox"],

    };
}
