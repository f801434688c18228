namespace Kdfm.Printers.Vendors;

/// <summary>
/// Fujifilm, formerly Fuji Xerox (297): identity from the standard MIBs and sysDescr. Its engines are also sold as Fuji
/// Xerox (the name on boxes before 2021), Xerox and Dell.
/// </summary>
internal static class FujifilmXerox
{
    public static VendorProfile Profile { get; } = new("Fujifilm", [297])
    {
        Brands = ["FUJIFILM"],
        Rebadges = ["Fuji Xerox", "Xerox", "Dell"],
    };
}
