using Kdfm.Printers.Meters;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Epson (1248): serial 1248.1.1.3.1.1.1.0 and firmware 1248.1.1.3.1.21.1.1.2.1 (epson-scanner walk). Business
/// inkjets (WorkForce Enterprise, AM-C) keep their meters under 1248.1.2.2.27: .1.1.3.1.1 black &amp; white,
/// .1.1.4.1.1 colour and .1.1.30.1.1 every page; .6.1.4.1.1.F each function's pages and .6.1.5.1.1.F its colour pages,
/// F 1 print (from a computer) and 2 copy — printmaster's Epson mapping, checked there against an AM-C550's own
/// counter page. The large-format walk in the corpus (printmaster's SC-T3405) has other rows under .27 (.4 and .5,
/// type codes 14 and 17 with values no page count matches) and none of these: it reports the Printer MIB total only.
/// The two tables are read by one walk each; the rest of .27 is not read (its job log alone holds up to 500 rows).
/// </summary>
internal static class Epson
{
    private const string Meters = "1.3.6.1.4.1.1248.1.2.2.27";

    public static VendorProfile Profile { get; } = new("Epson", [1248])
    {
        Brands = ["EPSON", "Epson"],
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.1248.1.1.3.1.1.1.0"),
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.1248.1.1.3.1.21.1.1.2.1"),
        Counters =
        [
            (MeterNames.Mono, Oid.Parse($"{Meters}.1.1.3.1.1")),
            (MeterNames.Color, Oid.Parse($"{Meters}.1.1.4.1.1")),
            ("vendor:Total Pages", Oid.Parse($"{Meters}.1.1.30.1.1")),
            (MeterNames.PrintTotal, Oid.Parse($"{Meters}.6.1.4.1.1.1")),
            (MeterNames.CopyTotal, Oid.Parse($"{Meters}.6.1.4.1.1.2")),
            (MeterNames.PrintColor, Oid.Parse($"{Meters}.6.1.5.1.1.1")),
            (MeterNames.CopyColor, Oid.Parse($"{Meters}.6.1.5.1.1.2")),
        ],
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.1248.1.1.3.1.1.1", "1.3.6.1.4.1.1248.1.1.3.1.21.1.1.2", $"{Meters}.1.1", $"{Meters}.6.1"),
    };
}
