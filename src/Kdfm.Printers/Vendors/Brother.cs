using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Brother (2435). IEEE 1284 device ID at 2435.2.3.9.1.1.7.0, serial 2435.2.3.9.4.2.1.5.5.1.0, firmware
/// 2435.2.3.9.4.2.1.5.5.17.0 (or "Firmware Ver.X" at 2435.2.4.3.1240.6.5.0). Counters and supply levels live in
/// binary blobs under 2435.2.3.9.4.2.1.5.5 (see <see cref="BrotherBlobs"/>).
/// </summary>
internal static class Brother
{
    public static VendorProfile Profile { get; } = new("Brother", [2435])
    {
        Brands = ["Brother"],
        DeviceIdOids = VendorProfile.Oids("1.3.6.1.4.1.2435.2.3.9.1.1.7.0"),
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0"),
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.17.0", "1.3.6.1.4.1.2435.2.4.3.1240.6.5.0"),
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.2435.2.3.9.1.1.7", "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5", "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.4.5.2",
            "1.3.6.1.4.1.2435.2.4.3.1240.6.5"),
        Decode = BrotherBlobs.Decode,
    };
}
