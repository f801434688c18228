using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Toshiba and Toshiba TEC (1129): identity from the standard MIBs and sysDescr. e-STUDIO MFPs keep their meters in
/// 1129.2.3.50.1.3.21.6.1.K.1.C, read whole. No Toshiba MIB text is public. The one named public project that reads
/// these counters, FusionInventory for GLPI (fusioninventory/fusioninventory-for-glpi, inc/constructdevice.class.php,
/// its default printer OID mapping), reads K 3 at C 3 as the printed pages and K 4 at C 3 as the copied pages; what C
/// means (full colour, twin colour, black in public meter readers that name no project) and the other kinds (large and
/// small sizes, scans by destination) have no named public source. So no Toshiba counter is given a vocabulary name:
/// each is reported as <c>vendor:toshiba.K.1.C</c> with its OID, and a dealer may bill them by those names.
/// </summary>
internal static class Toshiba
{
    private static readonly Oid Counters = Oid.Parse("1.3.6.1.4.1.1129.2.3.50.1.3.21.6.1");

    public static VendorProfile Profile { get; } = new("Toshiba", [1129])
    {
        Brands = ["TOSHIBA", "Toshiba"],
        Subtrees = [Counters],
        Decode = Meters,
    };

    private static void Meters(MibData mib, SnapshotBuilder b)
    {
        foreach (var (oid, suffix, value) in mib.Under(Counters))
        {
            if (!value.IsNumeric || mib.Integer(oid) is not { } number || suffix.Length != 3)
            {
                continue;
            }

            if (!b.AddMeter(null, $"toshiba.{suffix}", number, oid.ToString()))
            {
                return;
            }
        }
    }
}
