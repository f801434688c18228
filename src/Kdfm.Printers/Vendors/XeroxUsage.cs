using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Printers.Standard;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Xerox's usage counters (XEROX-HOST-RESOURCES-EXT-MIB): xcmHrDevDetailTable, 253.8.53.13.2.1, indexed by
/// hrDeviceIndex, xcmHrDevDetailType and xcmHrDevDetailIndex, its value in column 6 (xcmHrDevDetailValueInteger). Only
/// rows of type deviceLifetimeUsage(20) (XEROX-HOST-RESOURCES-EXT-TC, XcmHrDevDetailType) are meters. The detail
/// indexes mapped are those a named public project reads: the GLPI agent's Xerox module (glpi-project/glpi-agent,
/// lib/GLPI/Agent/SNMP/MibSupport/Xerox.pm) reads, under hrDeviceIndex 1 (the printer), detail 1 as the printed total,
/// 33 colour and 34 black printed pages; under 11 (the copier) 3 black and 25 colour copies; under 10 (the scanner) 11
/// scans sent by e-mail and 12 saved to the network. Details 7, 10, 29, 32 and 71 of the printer (black and colour
/// impressions, their large sheets and fax impressions in public meter readers that name no project) have no named
/// public source: they stay vendor counters, each with its OID. The copier and scanner are told by those
/// hrDeviceIndex values, their hrDeviceType being a Xerox OID.
/// </summary>
internal static class XeroxUsage
{
    public static readonly Oid DetailEntry = Oid.Parse("1.3.6.1.4.1.253.8.53.13.2.1");

    private const uint LifetimeUsage = 20;
    private const uint ValueInteger = 6;
    private const uint Scanner = 10;
    private const uint Copier = 11;

    private static readonly Oid HrDevicePrinter = Oid.Parse("1.3.6.1.2.1.25.3.1.5");

    private static string? Printer(uint detail) => detail switch
    {
        1 => MeterNames.Total,
        34 => MeterNames.PrintMono,
        33 => MeterNames.PrintColor,
        _ => null,
    };

    public static void Decode(MibData mib, SnapshotBuilder b)
    {
        var table = new CounterTable(mib, DetailEntry, ValueInteger);
        var scans = new List<Counter>();
        foreach (var row in table.Rows())
        {
            if (row.Index.Length != 3 || row.Index[1] != LifetimeUsage)
            {
                continue;
            }

            uint device = row.Index[0], detail = row.Index[2];
            bool printer = mib.Get(StandardMibs.HrDeviceTable.Append(2, device)) is { Type: SnmpType.ObjectIdentifier } type
                ? type.AsOid() == HrDevicePrinter
                : device == 1;
            string? name = printer ? Printer(detail) : (device, detail) switch
            {
                (Copier, 3) => MeterNames.CopyMono,
                (Copier, 25) => MeterNames.CopyColor,
                _ => null,
            };
            if (!b.AddMeter(name, $"xerox.{row.Index}", row.Value, row.Oid.ToString()))
            {
                return;
            }

            if (!printer && device == Scanner && detail is 11 or 12)
            {
                scans.Add(b.Counters.First(c => c.Oid == row.Oid.ToString()));
            }
        }

        // E-mail and network-folder scans are both network destinations: scan.network is their sum.
        b.AddDerived(MeterNames.ScanNetwork, scans);
    }
}
