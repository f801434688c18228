namespace Kdfm.Printers.Vendors;

/// <summary>Toshiba and Toshiba TEC (1129): identity from the standard MIBs and sysDescr.</summary>
internal static class Toshiba
{
    public static VendorProfile Profile { get; } = new("Toshiba", [1129])
    {
        Brands = ["TOSHIBA", "Toshiba"],

    };
}
