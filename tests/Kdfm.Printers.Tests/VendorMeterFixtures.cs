using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Tests;

/// <summary>
/// A small fixture of each vendor's counter table for issue 14, written from the MIB's definitions (column and
/// enumeration numbers as the MIB gives them; values made up, rows deliberately out of the order a fixed index would
/// expect), never a copied walk. <see cref="VendorMeterTests"/> asserts each one's mapping; <see cref="All"/> is what its
/// census reads.
/// </summary>
internal static class VendorMeterFixtures
{
    public const string SharpEntry = "1.3.6.1.4.1.2385.1.1.19.2.1";
    public const string KonicaCounters = "1.3.6.1.4.1.18334.1.1.1.5.7.2";
    public const string CanonById = "1.3.6.1.4.1.1602.1.11.1.3.1.4";
    public const string CanonByName = "1.3.6.1.4.1.1602.1.11.2.1.1";
    public const string XeroxDetail = "1.3.6.1.4.1.253.8.53.13.2.1.6";
    public const string LexmarkEntry = "1.3.6.1.4.1.641.6.4.2.1.1";
    public const string SamsungEntry = "1.3.6.1.4.1.236.11.5.11.53.11.2.1";
    public const string ToshibaCounters = "1.3.6.1.4.1.1129.2.3.50.1.3.21.6.1";
    public const string EpsonMeters = "1.3.6.1.4.1.1248.1.2.2.27";

    private static readonly SnapshotContext Context = new("127.20.0.14", new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    public static VarBind Int(string oid, long value) => new(Oid.Parse(oid), SnmpValue.Integer(value));

    public static VarBind Text(string oid, string text) => new(Oid.Parse(oid), SnmpValue.OctetString(text));

    public static VarBind SysObjectId(string oid) => new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse(oid)));

    /// <summary>prtMarkerLifeCount and prtMarkerProcessColorants of marker 1.</summary>
    public static VarBind[] Marker(long total, long colorants) => [Int("1.3.6.1.2.1.43.10.2.1.4.1.1", total), Int("1.3.6.1.2.1.43.10.2.1.6.1.1", colorants)];

    public static DeviceSnapshot Interpret(params VarBind[] rows) => PrinterInterpreter.Interpret(rows, Context);

    /// <summary>Sharp rows named in English, at indexes librenms' walk does not have for those names.</summary>
    public static DeviceSnapshot Sharp() => Interpret([SysObjectId("1.3.6.1.4.1.2385.3.1.112.1.2"), .. Marker(900, 4),
        Int($"{SharpEntry}.3.9.4.1", 300), Text($"{SharpEntry}.4.9.4.1", "Black & White Print Count"),
        Int($"{SharpEntry}.3.9.4.2", 120), Text($"{SharpEntry}.4.9.4.2", "Full Color Copy Count"),
        Int($"{SharpEntry}.3.9.4.3", 7), Text($"{SharpEntry}.4.9.4.3", "Scan to E-mail/FTP"),
        Int($"{SharpEntry}.3.9.4.4", 5), Text($"{SharpEntry}.4.9.4.4", "Two Color Copy Count")]);

    /// <summary>Sharp firmware in German: the names are not the walk's, the indexes are.</summary>
    public static DeviceSnapshot SharpLocalised() => Interpret([SysObjectId("1.3.6.1.4.1.2385.3.1.112.1.2"), .. Marker(900, 4),
        Int($"{SharpEntry}.3.1.4.61", 500), Text($"{SharpEntry}.4.1.4.61", "S/W-Druckzähler"),
        Int($"{SharpEntry}.3.1.4.63", 200), Text($"{SharpEntry}.4.1.4.63", "Vollfarb-Druckzähler"),
        Int($"{SharpEntry}.3.4.4.61", 150), Text($"{SharpEntry}.4.4.4.61", "S/W-Kopienzähler"),
        Int($"{SharpEntry}.3.4.4.64", 9), Text($"{SharpEntry}.4.4.4.64", "Zweifarb-Kopienzähler"),
        Int($"{SharpEntry}.3.7.4.51", 40)]); // no name at all

    public static DeviceSnapshot Konica() => Interpret([SysObjectId("1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2"), .. Marker(1000, 4),
        Int($"{KonicaCounters}.1.1.0", 1000), Int($"{KonicaCounters}.1.3.0", 220), Int($"{KonicaCounters}.1.5.0", 640),
        Int($"{KonicaCounters}.2.1.5.1.1", 150), Int($"{KonicaCounters}.2.1.5.1.2", 450), Int($"{KonicaCounters}.2.1.5.2.1", 100),
        Int($"{KonicaCounters}.2.1.5.2.2", 290), Int($"{KonicaCounters}.2.1.5.3.1", 10)]);

    public static DeviceSnapshot Canon() => Interpret([SysObjectId("1.3.6.1.4.1.1602.4.7"), .. Marker(5000, 4),
        Int($"{CanonById}.101", 5000), Int($"{CanonById}.112", 200), Int($"{CanonById}.113", 2800), Int($"{CanonById}.122", 100),
        Int($"{CanonById}.123", 1900), Int($"{CanonById}.301", 3100), Int($"{CanonById}.501", 880), Int($"{CanonById}.999", 4)]);

    /// <summary>LBP models: the counter's name in column 2, its value in column 3.</summary>
    public static DeviceSnapshot CanonLbp() => Interpret([SysObjectId("1.3.6.1.4.1.1602.4.2"),
        Text($"{CanonByName}.2.7", "Total (Black 1)"), Int($"{CanonByName}.3.7", 61), Text($"{CanonByName}.2.3", "Print (Total 1)"),
        Int($"{CanonByName}.3.3", 58), Text($"{CanonByName}.2.4", "Copy (Total 1)"), Int($"{CanonByName}.3.4", 3)]);

    public static DeviceSnapshot Xerox() => Interpret([SysObjectId("1.3.6.1.4.1.253.8.62.1.35.2.3.1.1"), .. Marker(7000, 4),
        new VarBind(Oid.Parse("1.3.6.1.2.1.25.3.2.1.2.1"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.2.1.25.3.1.5"))),
        Int($"{XeroxDetail}.1.20.1", 7000), Int($"{XeroxDetail}.1.20.7", 4000), Int($"{XeroxDetail}.1.20.29", 3000),
        Int($"{XeroxDetail}.1.20.34", 2500), Int($"{XeroxDetail}.1.20.33", 2600), Int($"{XeroxDetail}.1.20.10", 90), Int($"{XeroxDetail}.1.20.71", 40),
        Int($"{XeroxDetail}.1.5.3", 77), // type 5 (deviceType) is no meter
        Int($"{XeroxDetail}.11.20.3", 1450), Int($"{XeroxDetail}.11.20.25", 380), Int($"{XeroxDetail}.10.20.11", 60), Int($"{XeroxDetail}.10.20.12", 25)]);

    public static DeviceSnapshot FujiXerox() =>
        Interpret(SysObjectId("1.3.6.1.4.1.297.1.11.93.1.35.34.7.1"), Int($"{XeroxDetail}.1.20.34", 812), Int($"{XeroxDetail}.11.20.3", 90));

    /// <summary>paperGeneralCountType (column 2) and paperGeneralCountUnits (column 3: 4 sides, 5 sheets) decide; indexes in no order.</summary>
    public static DeviceSnapshot Lexmark() => Interpret([SysObjectId("1.3.6.1.4.1.641.1.5.7"), .. Marker(1200, 4),
        Int($"{LexmarkEntry}.2.1.5", 17), Int($"{LexmarkEntry}.3.1.5", 4), Int($"{LexmarkEntry}.4.1.5", 640),
        Int($"{LexmarkEntry}.2.1.2", 18), Int($"{LexmarkEntry}.3.1.2", 4), Int($"{LexmarkEntry}.4.1.2", 310),
        Int($"{LexmarkEntry}.2.1.9", 32), Int($"{LexmarkEntry}.3.1.9", 4), Int($"{LexmarkEntry}.4.1.9", 250),
        Int($"{LexmarkEntry}.2.1.1", 2), Int($"{LexmarkEntry}.3.1.1", 5), Int($"{LexmarkEntry}.4.1.1", 1200),
        Int($"{LexmarkEntry}.2.1.3", 48), Int($"{LexmarkEntry}.3.1.3", 4), Int($"{LexmarkEntry}.4.1.3", 12),
        Int($"{LexmarkEntry}.2.1.4", 100), Int($"{LexmarkEntry}.3.1.4", 3), Int($"{LexmarkEntry}.4.1.4", 3)]);

    /// <summary>
    /// Rows (index, job type, media size, unit, duplex, colour, value): print 1, copy 2, faxIn 3, scan 5; a4 5, a3 20;
    /// impressions 7, and 99 a unit the MIB's enumeration does not name; simplex 1, duplex 2; fullColor 1, monoColor 3.
    /// </summary>
    public static readonly (int Index, int Job, int Size, int Unit, int Duplex, int Colour, long Value)[] SamsungRows =
    [
        (1, 1, 5, 7, 1, 3, 400), (2, 1, 5, 7, 2, 3, 100), (3, 1, 20, 7, 1, 3, 30), (4, 1, 5, 7, 1, 1, 250),
        (5, 2, 5, 7, 1, 3, 90), (6, 3, 5, 7, 1, 3, 12), (7, 5, 5, 7, 1, 1, 70), (8, 5, 20, 7, 1, 3, 8), (9, 2, 5, 99, 1, 1, 6),
    ];

    public static DeviceSnapshot Samsung() => Interpret([SysObjectId("1.3.6.1.4.1.236.11.5.11.62.1"), .. SamsungRows.SelectMany(r => new[]
    {
        Int($"{SamsungEntry}.2.1.{r.Index}", r.Job), Int($"{SamsungEntry}.3.1.{r.Index}", r.Size), Int($"{SamsungEntry}.4.1.{r.Index}", r.Unit),
        Int($"{SamsungEntry}.5.1.{r.Index}", r.Duplex), Int($"{SamsungEntry}.6.1.{r.Index}", r.Colour), Int($"{SamsungEntry}.7.1.{r.Index}", r.Value),
    })]);

    public static DeviceSnapshot Toshiba() => Interpret([SysObjectId("1.3.6.1.4.1.1129.2.3.58.2"), .. Marker(3000, 4),
        Int($"{ToshibaCounters}.3.1.3", 1500), Int($"{ToshibaCounters}.3.1.1", 600), Int($"{ToshibaCounters}.4.1.3", 700),
        Int($"{ToshibaCounters}.4.1.2", 9), Int($"{ToshibaCounters}.207.1.1", 40), Int($"{ToshibaCounters}.219.1.3", 30)]);

    public static DeviceSnapshot Epson() => Interpret([SysObjectId("1.3.6.1.4.1.1248.1.1.1"), .. Marker(81563, 4),
        Int($"{EpsonMeters}.1.1.3.1.1", 39797), Int($"{EpsonMeters}.1.1.4.1.1", 41766), Int($"{EpsonMeters}.1.1.30.1.1", 81563),
        Int($"{EpsonMeters}.6.1.4.1.1.1", 49053), Int($"{EpsonMeters}.6.1.4.1.1.2", 32474), Int($"{EpsonMeters}.6.1.5.1.1.1", 39434),
        Int($"{EpsonMeters}.6.1.5.1.1.2", 2313)]);

    /// <summary>Every fixture above.</summary>
    public static IEnumerable<DeviceSnapshot> All() =>
        [Sharp(), SharpLocalised(), Konica(), Canon(), CanonLbp(), Xerox(), FujiXerox(), Lexmark(), Samsung(), Toshiba(), Epson()];
}
