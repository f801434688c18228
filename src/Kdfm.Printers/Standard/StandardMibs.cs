using System.Globalization;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Printers.Text;
using Kdfm.Snmp;

namespace Kdfm.Printers.Standard;

/// <summary>
/// What the standard MIBs say: RFC 2790 (Host Resources), RFC 3805 (Printer MIB v2), IF-MIB, ENTITY-MIB, and the
/// PWG Port Monitor MIB's IEEE 1284 device ID.
/// </summary>
internal static class StandardMibs
{
    public static readonly Oid System = Oid.Parse("1.3.6.1.2.1.1");
    public static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    public static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");
    public static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    public static readonly Oid SysContact = Oid.Parse("1.3.6.1.2.1.1.4.0");
    public static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    public static readonly Oid SysLocation = Oid.Parse("1.3.6.1.2.1.1.6.0");
    public static readonly Oid IfTable = Oid.Parse("1.3.6.1.2.1.2.2.1");
    public static readonly Oid IfType = Oid.Parse("1.3.6.1.2.1.2.2.1.3");
    public static readonly Oid IfPhysAddress = Oid.Parse("1.3.6.1.2.1.2.2.1.6");
    public static readonly Oid HrDeviceTable = Oid.Parse("1.3.6.1.2.1.25.3.2.1");
    public static readonly Oid HrDeviceType = Oid.Parse("1.3.6.1.2.1.25.3.2.1.2");
    public static readonly Oid HrDeviceDescr = Oid.Parse("1.3.6.1.2.1.25.3.2.1.3");
    public static readonly Oid HrDevicePrinter = Oid.Parse("1.3.6.1.2.1.25.3.1.5");
    public static readonly Oid HrPrinterTable = Oid.Parse("1.3.6.1.2.1.25.3.5.1");
    public static readonly Oid HrPrinterStatus = Oid.Parse("1.3.6.1.2.1.25.3.5.1.1");
    public static readonly Oid HrPrinterErrorState = Oid.Parse("1.3.6.1.2.1.25.3.5.1.2");
    public static readonly Oid PrtGeneral = Oid.Parse("1.3.6.1.2.1.43.5.1.1");
    public static readonly Oid PrtGeneralSerialNumber = Oid.Parse("1.3.6.1.2.1.43.5.1.1.17");
    public static readonly Oid PrtLocalization = Oid.Parse("1.3.6.1.2.1.43.7.1.1");
    public static readonly Oid PrtLocalizationCharacterSet = Oid.Parse("1.3.6.1.2.1.43.7.1.1.4");
    public static readonly Oid PrtInput = Oid.Parse("1.3.6.1.2.1.43.8.2.1");
    public static readonly Oid PrtMarker = Oid.Parse("1.3.6.1.2.1.43.10.2.1");
    public static readonly Oid PrtMarkerSupplies = Oid.Parse("1.3.6.1.2.1.43.11.1.1");
    public static readonly Oid PrtMarkerColorant = Oid.Parse("1.3.6.1.2.1.43.12.1.1");
    public static readonly Oid PrtConsoleDisplayBuffer = Oid.Parse("1.3.6.1.2.1.43.16.5.1");
    public static readonly Oid PrtAlert = Oid.Parse("1.3.6.1.2.1.43.18.1.1");
    public static readonly Oid EntPhysical = Oid.Parse("1.3.6.1.2.1.47.1.1.1.1");
    public static readonly Oid PpmPrinterIeee1284DeviceId = Oid.Parse("1.3.6.1.4.1.2699.1.2.1.2.1.1.3");

    /// <summary>The subtrees of the standard MIBs the poll plan reads.</summary>
    public static readonly Oid[] Subtrees =
    [
        System, IfType, IfPhysAddress, HrDeviceTable, HrPrinterTable, PrtGeneral, PrtLocalization, PrtInput, PrtMarker,
        PrtMarkerSupplies, PrtMarkerColorant, PrtConsoleDisplayBuffer, PrtAlert, EntPhysical, PpmPrinterIeee1284DeviceId,
    ];

    /// <summary>The printer's character set (prtLocalizationCharacterSet, an IANA MIBenum), when it says one.</summary>
    public static int? CharacterSet(MibData mib) =>
        mib.Under(PrtLocalizationCharacterSet).Select(r => r.Value).FirstOrDefault(v => v.IsNumeric) is { IsNumeric: true } v ? (int)v.AsInt64() : null;

    public static string? Text(MibData mib, Oid oid, int? charset = null) =>
        mib.Get(oid) is { Type: SnmpType.OctetString } v ? OctetDecoder.Decode(v.Bytes, charset) : null;

    /// <summary>A field (MFG, MDL…) of the PWG Port Monitor MIB's IEEE 1284 device ID, from the first port that has it.</summary>
    public static string? PwgDeviceIdField(MibData mib, params string[] keys) =>
        mib.Under(PpmPrinterIeee1284DeviceId)
            .Select(r => r.Value.Type == SnmpType.OctetString ? OctetDecoder.Decode(r.Value.Bytes) : null)
            .Select(id => id is null ? null : DeviceIdentity.DeviceIdField(id, keys))
            .FirstOrDefault(field => field is not null);

    /// <summary>hrDeviceIndex of the first printer in hrDeviceTable, else 1.</summary>
    public static uint PrinterDevice(MibData mib) =>
        mib.Under(HrDeviceType).FirstOrDefault(r => r.Value.Type == SnmpType.ObjectIdentifier && r.Value.AsOid() == HrDevicePrinter) is { Suffix.Length: 1 } row
            ? row.Suffix[0] : 1;

    /// <summary>Identity, status and error bits (the other parts are separate steps, so one broken value costs one part).</summary>
    public static void Identity(MibData mib, SnapshotBuilder b, int? charset)
    {
        uint device = PrinterDevice(mib);
        b.Model = Text(mib, HrDeviceDescr.Append(device), charset);
        b.Serial = DeviceIdentity.BetterSerial(
            Clean(Text(mib, PrtGeneralSerialNumber.Append(device), charset) ?? mib.Under(PrtGeneralSerialNumber).Select(r => Text(mib, r.Oid, charset)).FirstOrDefault(s => s is not null)),
            Clean(EntityColumn(mib, 11)));
        b.Firmware = Clean(EntityColumn(mib, 9)) ?? Clean(EntityColumn(mib, 10));
        if (b.Model is null && EntityColumn(mib, 13) is { } entityModel)
        {
            b.Model = entityModel;
        }

        if (mib.Integer(HrPrinterStatus.Append(device)) is { } status)
        {
            b.Status = PrinterMibNames.PrinterStatus(status);
            if (b.Status is null)
            {
                b.Warn($"hrPrinterStatus {status} is not an RFC 2790 value");
            }
        }

        if (mib.Get(HrPrinterErrorState.Append(device)) is { Type: SnmpType.OctetString } errorState)
        {
            var bits = errorState.Bytes;
            for (int bit = 0; bit < PrinterMibNames.ErrorBits.Length && bit / 8 < bits.Length; bit++)
            {
                if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
                {
                    b.AddError(PrinterMibNames.ErrorBits[bit]);
                }
            }
        }

    }

    private static string? EntityColumn(MibData mib, uint column) =>
        mib.Under(EntPhysical.Append(column)).Select(r => r.Value.Type == SnmpType.OctetString ? OctetDecoder.Decode(r.Value.Bytes) : null).FirstOrDefault(s => s is not null);

    /// <summary>Drops values that say nothing ("", "0", "unknown", "N/A").</summary>
    public static string? Clean(string? value) =>
        value is null || value.Length == 0 || value is "0" or "-" || value.Equals("unknown", StringComparison.OrdinalIgnoreCase) ||
        value.Equals("N/A", StringComparison.OrdinalIgnoreCase) ? null : value;

    /// <summary>
    /// The MAC of the first Ethernet-like interface (IF-MIB ifPhysAddress), preferring an address that can name the
    /// device (<see cref="DeviceIdentity.IsUsableMac"/>) over a multicast or locally administered one.
    /// </summary>
    public static string? Mac(MibData mib)
    {
        string? best = null;
        int bestRank = int.MaxValue;
        foreach (var (_, suffix, value) in mib.Under(IfPhysAddress).Take(SnapshotLimits.TableRows))
        {
            if (value.Type != SnmpType.OctetString || OctetDecoder.Mac(value.Bytes) is not { } mac)
            {
                continue;
            }

            bool ethernet = mib.Integer(IfType.Append(suffix.Arcs)) is 6 or 71 or 117;
            int rank = (DeviceIdentity.IsUsableMac(mac) ? 0 : 2) + (ethernet ? 0 : 1);
            if (rank < bestRank)
            {
                (best, bestRank) = (mac, rank);
            }
        }

        return best;
    }

    public static void Markers(MibData mib, SnapshotBuilder b)
    {
        var lifeCounts = mib.Under(PrtMarker.Append(4)).Where(r => r.Value.IsNumeric).ToList();
        if (lifeCounts.Count > 0)
        {
            var first = lifeCounts[0];
            string? unit = CounterUnit(mib.Integer(PrtMarker.Append(3).Append(first.Suffix.Arcs)));
            b.AddCounter(new Counter("total", lifeCounts.Sum(r => r.Value.AsInt64()), unit, first.Oid.ToString()));
        }

        var powerOn = mib.Under(PrtMarker.Append(5)).Where(r => r.Value.IsNumeric).ToList();
        if (powerOn.Count > 0)
        {
            string? unit = CounterUnit(mib.Integer(PrtMarker.Append(3).Append(powerOn[0].Suffix.Arcs)));
            b.AddCounter(new Counter("powerOn", powerOn.Sum(r => r.Value.AsInt64()), unit, powerOn[0].Oid.ToString()));
        }
    }

    /// <summary>
    /// True when every marker has one colorant (prtMarkerProcessColorants = 1, RFC 3805), false when one has more, null
    /// when the device does not say.
    /// </summary>
    public static bool? Monochrome(MibData mib)
    {
        var colorants = mib.Under(PrtMarker.Append(6)).Where(r => r.Value.IsNumeric).Select(r => r.Value.AsInt64()).ToList();
        return colorants.Count == 0 ? null : colorants.All(c => c == 1);
    }

    /// <summary>PrtMarkerCounterUnitTC.</summary>
    private static string? CounterUnit(long? unit) => unit switch
    {
        3 => "tenThousandthsOfInches",
        4 => "micrometers",
        5 => "characters",
        6 => "lines",
        7 => "impressions",
        8 => "sheets",
        9 => "dotRow",
        11 => "hours",
        16 => "feet",
        17 => "meters",
        _ => null,
    };

    public static void Supplies(MibData mib, SnapshotBuilder b, int? charset)
    {
        var colorants = new Dictionary<string, string>();
        foreach (var (_, suffix, value) in mib.Under(PrtMarkerColorant.Append(4)).Take(SnapshotLimits.TableRows))
        {
            if (value.Type == SnmpType.OctetString && OctetDecoder.Decode(value.Bytes, charset, SnapshotLimits.TextChars) is { } name)
            {
                colorants[suffix.ToString()] = name.ToLowerInvariant();
            }
        }

        var rows = mib.Under(PrtMarkerSupplies.Append(9)).Concat(mib.Under(PrtMarkerSupplies.Append(6)))
            .Select(r => r.Suffix).Distinct().Order().ToList();
        foreach (var suffix in rows)
        {
            long? Column(uint column) => mib.Integer(PrtMarkerSupplies.Append(column).Append(suffix.Arcs));
            var descriptionValue = mib.Get(PrtMarkerSupplies.Append(6).Append(suffix.Arcs));
            string? description = descriptionValue is { Type: SnmpType.OctetString } d ? SupplyDescription(d.Bytes, charset) : null;
            long? type = Column(5);
            string? kind = type is { } t ? PrinterMibNames.SupplyType(t) : null;
            if (kind is null or "other" or "unknown")
            {
                kind = KindFromDescription(description) ?? kind;
            }

            string? color = null;
            if (Column(3) is { } colorantIndex && colorantIndex > 0 && suffix.Length >= 1)
            {
                var key = suffix.Length == 2 ? $"{suffix[0]}.{colorantIndex}" : colorantIndex.ToString(CultureInfo.InvariantCulture);
                colorants.TryGetValue(key, out color);
            }

            color ??= ColorFromDescription(description);
            long? level = Column(9);
            long? capacity = Column(8);
            if (!b.AddSupply(MakeSupply((int)suffix[^1], description, kind, color, level, capacity, PrtMarkerSupplies.Append(9).Append(suffix.Arcs).ToString())))
            {
                return;
            }
        }
    }

    public static Supply MakeSupply(int index, string? description, string? kind, string? color, long? level, long? capacity, string? oid)
    {
        string state = level switch
        {
            -3 => "someRemaining",
            -2 => "unknown",
            -1 => "other",
            null => "unknown",
            0 => "empty",
            < 0 => "unknown",
            _ => "ok",
        };
        int? percent = level is >= 0 && capacity is > 0 ? (int)Math.Min(100, level.Value * 100 / capacity.Value) : null;
        if (state == "ok" && percent is <= 10)
        {
            state = "low";
        }

        return new Supply(index, description, kind, color, level, capacity, percent, state, oid);
    }

    /// <summary>
    /// A supply's name. HP puts a second line of hex digits after a newline (the part number, e.g.
    /// "Black Cartridge \n38 32 37 41 …", recorded in librenms' HP colour MFP walks): it is decoded and appended.
    /// </summary>
    private static string? SupplyDescription(ReadOnlySpan<byte> bytes, int? charset)
    {
        var text = OctetDecoder.Decode(bytes, charset, SnapshotLimits.TextChars);
        if (text is null)
        {
            return null;
        }

        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return text;
        }

        string head = text[..newline].Trim();
        string tail = text[(newline + 1)..].Trim();
        var pairs = tail.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (pairs.Length > 0 && pairs.All(p => p.Length == 2 && p.All(Uri.IsHexDigit)))
        {
            tail = OctetDecoder.Decode(Convert.FromHexString(string.Concat(pairs))) ?? string.Empty;
        }

        return SnapshotLimits.Cap((head + tail).Trim(), SnapshotLimits.TextChars);
    }

    public static string? ColorFromDescription(string? description)
    {
        if (description is null)
        {
            return null;
        }

        string d = description.ToLowerInvariant();
        foreach (var (word, color) in new[] { ("black", "black"), ("cyan", "cyan"), ("magenta", "magenta"), ("yellow", "yellow"), ("(k)", "black"), ("(c)", "cyan"), ("(m)", "magenta"), ("(y)", "yellow") })
        {
            if (d.Contains(word, StringComparison.Ordinal))
            {
                return color;
            }
        }

        return null;
    }

    private static string? KindFromDescription(string? description)
    {
        if (description is null)
        {
            return null;
        }

        string d = description.ToLowerInvariant();
        return d.Contains("waste", StringComparison.Ordinal) ? "wasteToner"
            : d.Contains("toner", StringComparison.Ordinal) ? "toner"
            : d.Contains("ink", StringComparison.Ordinal) ? "ink"
            : d.Contains("drum", StringComparison.Ordinal) || d.Contains("opc", StringComparison.Ordinal) ? "opc"
            : d.Contains("fuser", StringComparison.Ordinal) ? "fuser"
            : d.Contains("developer", StringComparison.Ordinal) ? "developer"
            : d.Contains("transfer", StringComparison.Ordinal) || d.Contains("belt", StringComparison.Ordinal) ? "transferUnit"
            : d.Contains("staple", StringComparison.Ordinal) ? "staples"
            : null;
    }

    public static void Trays(MibData mib, SnapshotBuilder b, int? charset)
    {
        foreach (var suffix in mib.Under(PrtInput.Append(10)).Concat(mib.Under(PrtInput.Append(13))).Select(r => r.Suffix).Distinct().Order())
        {
            string? Text(uint column) => mib.Get(PrtInput.Append(column).Append(suffix.Arcs)) is { Type: SnmpType.OctetString } v ? OctetDecoder.Decode(v.Bytes, charset, SnapshotLimits.TextChars) : null;
            long? level = mib.Integer(PrtInput.Append(10).Append(suffix.Arcs));
            long? capacity = mib.Integer(PrtInput.Append(9).Append(suffix.Arcs));
            string state = level switch
            {
                -3 => "someRemaining",
                -2 or null => "unknown",
                -1 => "other",
                0 => "empty",
                _ => capacity is > 0 && level * 10 <= capacity ? "low" : "ok",
            };
            if (!b.AddTray(new Tray((int)suffix[^1], Text(13) ?? Text(18), Text(12), level, capacity, state)))
            {
                return;
            }
        }
    }

    /// <summary>The front panel's lines (prtConsoleDisplayBufferText, RFC 3805).</summary>
    public static void Display(MibData mib, SnapshotBuilder b, int? charset)
    {
        foreach (var (_, _, value) in mib.Under(PrtConsoleDisplayBuffer.Append(2)))
        {
            if (value.Type == SnmpType.OctetString && OctetDecoder.Decode(value.Bytes, charset, SnapshotLimits.TextChars) is { } line)
            {
                if (!b.AddDisplay(line))
                {
                    return;
                }
            }
        }
    }

    public static void Alerts(MibData mib, SnapshotBuilder b, int? charset)
    {
        foreach (var suffix in mib.Under(PrtAlert.Append(2)).Select(r => r.Suffix).Distinct().Order())
        {
            long? Column(uint column) => mib.Integer(PrtAlert.Append(column).Append(suffix.Arcs));
            string? description = mib.Get(PrtAlert.Append(8).Append(suffix.Arcs)) is { Type: SnmpType.OctetString } v ? OctetDecoder.Decode(v.Bytes, charset, SnapshotLimits.TextChars) : null;
            long? code = Column(7);
            bool added = b.AddAlert(new Alert((int)suffix[^1],
                Column(2) is { } severity ? PrinterMibNames.AlertSeverity(severity) : null,
                Column(4) is { } group ? PrinterMibNames.AlertGroup(group) : null,
                code is { } c ? PrinterMibNames.AlertCode(c) ?? $"code{c}" : null,
                description,
                Column(6) is { } location ? (int)location : null));
            if (!added)
            {
                return;
            }
        }
    }
}
