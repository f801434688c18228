using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Printers.Standard;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Ricoh (367), also sold as Gestetner, Lanier, NRG, Savin, Nashuatec, Rex-Rotary and Infotec. Serial 367.3.2.1.2.1.4.0 and firmware 367.3.2.1.1.1.2.0
/// (ricoh_mpc3002 walk); counters under 367.3.2.1.2.19; toner levels in the private table 367.3.2.1.2.24.1.1
/// (5 = level, where -100 means near end and -3 some remaining) when the Printer MIB has none.
/// </summary>
internal static class Ricoh
{
    private static readonly Oid TonerName = Oid.Parse("1.3.6.1.4.1.367.3.2.1.2.24.1.1.3");
    private static readonly Oid TonerLevel = Oid.Parse("1.3.6.1.4.1.367.3.2.1.2.24.1.1.5");

    public static VendorProfile Profile { get; } = new("Ricoh", [367])
    {
        Brands = ["RICOH"],
        Rebadges = ["Gestetner", "Lanier", "NRG", "Savin", "Nashuatec", "Rex-Rotary", "Infotec"],
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.367.3.2.1.2.1.4.0"),
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.367.3.2.1.1.1.2.0"),
        CounterTables = [("ricoh", Oid.Parse("1.3.6.1.4.1.367.3.2.1.2.19"))],
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.367.3.2.1.1.1", "1.3.6.1.4.1.367.3.2.1.2.1.4", "1.3.6.1.4.1.367.3.2.1.2.19", "1.3.6.1.4.1.367.3.2.1.2.24.1.1"),
        Decode = PrivateTonerTable,
    };

    private static void PrivateTonerTable(MibData mib, SnapshotBuilder b)
    {
        if (b.Supplies.Count > 0)
        {
            return;
        }

        foreach (var (oid, suffix, value) in mib.Under(TonerLevel))
        {
            if (!value.IsNumeric)
            {
                continue;
            }

            long level = value.AsInt64();
            string? name = mib.Get(TonerName.Append(suffix.Arcs)) is { Type: SnmpType.OctetString } n ? Text.OctetDecoder.Decode(n.Bytes, null, SnapshotLimits.TextChars) : null;
            // -100 is Ricoh's "near end": keep the sentinel as a state rather than a number.
            var supply = StandardMibs.MakeSupply((int)suffix[^1], name, "toner", StandardMibs.ColorFromDescription(name),
                level == -100 ? null : level, 100, oid.ToString());
            if (!b.AddSupply(level == -100 ? supply with { State = "low" } : supply))
            {
                return;
            }
        }
    }
}
