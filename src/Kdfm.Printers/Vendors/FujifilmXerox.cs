namespace Kdfm.Printers.Vendors;

/// <summary>
/// Fujifilm, formerly Fuji Xerox (297): identity from the standard MIBs and sysDescr. Its engines are also sold as Fuji
/// Xerox (the name on boxes before 2021), Xerox and Dell. Fuji Xerox models share Xerox's common MIB family, so the
/// usage counters are looked for in Xerox's xcmHrDevDetailTable (<see cref="XeroxUsage"/>); no walk in the corpus shows
/// them on a 297 device, and a device without the table costs one empty walk.
/// </summary>
internal static class FujifilmXerox
{
    public static VendorProfile Profile { get; } = new("Fujifilm", [297])
    {
        Brands = ["FUJIFILM"],
        Rebadges = ["Fuji Xerox", "Xerox", "Dell"],
        Subtrees = [XeroxUsage.DetailEntry.Append(6)],
        Decode = XeroxUsage.Decode,
    };
}
