namespace Kdfm.Printers.Vendors;

/// <summary>Xerox (253): the IEEE 1284 device ID at 253.8.51.1.2.1.20.1 names the model (xerox walk); usage counters in <see cref="XeroxUsage"/>.</summary>
internal static class Xerox
{
    public static VendorProfile Profile { get; } = new("Xerox", [253])
    {
        Brands = ["Xerox"],
        DeviceIdOids = VendorProfile.Oids("1.3.6.1.4.1.253.8.51.1.2.1.20.1"),
        Subtrees = [.. VendorProfile.Oids("1.3.6.1.4.1.253.8.51.1.2.1.20"), XeroxUsage.DetailEntry.Append(6)],
        Decode = XeroxUsage.Decode,
    };
}
