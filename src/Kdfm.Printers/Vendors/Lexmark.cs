namespace Kdfm.Printers.Vendors;

/// <summary>Lexmark (641): identity from the standard MIBs.</summary>
internal static class Lexmark
{
    public static VendorProfile Profile { get; } = new("Lexmark", [641])
    {
        Brands = ["Lexmark"],

    };
}
