namespace Kdfm.Printers.Vendors;

/// <summary>TSC label printers (enterprise 51966 in sysObjectID, tsc walk).</summary>
internal static class Tsc
{
    public static VendorProfile Profile { get; } = new("TSC", [51966])
    {
        Brands = ["TSC"],

    };
}
