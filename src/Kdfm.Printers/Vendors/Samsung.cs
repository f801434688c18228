namespace Kdfm.Printers.Vendors;

/// <summary>Samsung (236): identity from the standard MIBs.</summary>
internal static class Samsung
{
    public static VendorProfile Profile { get; } = new("Samsung", [236])
    {
        Brands = ["Samsung", "SAMSUNG"],

    };
}
