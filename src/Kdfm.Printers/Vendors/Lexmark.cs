namespace Kdfm.Printers.Vendors;

/// <summary>Lexmark (641): identity from the standard MIBs. Its engines are also sold as Dell and IBM (InfoPrint).</summary>
internal static class Lexmark
{
    public static VendorProfile Profile { get; } = new("Lexmark", [641])
    {
        Brands = ["Lexmark"],
        Rebadges = ["Dell", "IBM"],
    };
}
