using System.Text;
using System.Text.Unicode;
using Kdfm.Simulator.Agent;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp;

namespace Kdfm.Simulator.Web;

/// <summary>
/// What a simulated device's web page shows about it, read from the variables the device serves (a copy's own view,
/// with its rewritten serial), so the page and the SNMP answers always agree. Null where the walk has no value.
/// </summary>
internal sealed record DeviceFacts(string? Model, string? Serial, string? Name, string? Location, string? Description, string? Manufacturer, long? PageCount)
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0"); // RFC 3418
    private static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly Oid SysLocation = Oid.Parse("1.3.6.1.2.1.1.6.0");
    private static readonly Oid HrDeviceType = Oid.Parse("1.3.6.1.2.1.25.3.2.1.2"); // RFC 2790
    private static readonly Oid HrDeviceDescr = Oid.Parse("1.3.6.1.2.1.25.3.2.1.3");
    private static readonly Oid HrDevicePrinter = Oid.Parse("1.3.6.1.2.1.25.3.1.5");
    private static readonly Oid Enterprises = Oid.Parse("1.3.6.1.4.1");
    private static readonly Oid PrtMarkerLifeCount = Oid.Parse("1.3.6.1.2.1.43.10.2.1.4"); // RFC 3805

    /// <summary>Fields of IEEE 1284 device IDs ("MFG:Brother;CMD:PJL;MDL:…;") that name the maker.</summary>
    private static readonly string[] ManufacturerFields = ["MFG", "MANUFACTURER"];

    public static DeviceFacts Read(MibView view) => new(
        ReadModel(view),
        ReadSerial(view),
        Text(view, SysName),
        Text(view, SysLocation),
        Text(view, SysDescr),
        ReadManufacturer(view),
        First(view, PrtMarkerLifeCount) is { IsNumeric: true } count ? count.AsInt64() : null);

    /// <summary>
    /// The serial in the order a collector looks for one (Kdfm.Printers' interpreter): prtGeneralSerialNumber,
    /// entPhysicalSerialNum, the variable of the maker that sysObjectID names (a Brother may also serve HP's, with other
    /// content: librenms-brother walk), the other makers' variables, the SN: field of sysDescr (HP JetDirect), the SN:
    /// field of a device ID. The first found, without padding: the value a copy's rewritten view serves.
    /// </summary>
    private static string? ReadSerial(MibView view)
    {
        uint? maker = First(view, SysObjectId) is { Type: SnmpType.ObjectIdentifier } id && id.AsOid() is { Length: > 6 } oid && oid.StartsWith(Enterprises) ? oid[6] : null;
        var wholeValues = CopyIdentity.SerialSources.OrderBy(s => !Enterprises.IsAncestorOf(s) ? 0 : maker is not null && s[6] == maker ? 1 : 2);
        foreach (var source in wholeValues)
        {
            if (First(view, source) is { Type: SnmpType.OctetString } value && Decode(CopyIdentity.WholeValue(value.GetBytesArray()!)) is { } serial)
            {
                return serial;
            }
        }

        var texts = new[] { First(view, SysDescr) }.Concat(Enumerable.Range(0, view.Count).Select(i => (SnmpValue?)view.ValueAt(i)));
        return texts.Where(v => v is { Type: SnmpType.OctetString })
            .SelectMany(v => CopyIdentity.FieldSerials(v!.Value.GetBytesArray()!))
            .Select(field => Decode(field))
            .FirstOrDefault(field => field is not null);
    }

    /// <summary>hrDeviceDescr of the first device whose hrDeviceType is hrDevicePrinter, else of the first device.</summary>
    private static string? ReadModel(MibView view)
    {
        for (int i = AtOrAfter(view, HrDeviceType); i < view.Count && view.OidAt(i).StartsWith(HrDeviceType); i++)
        {
            if (view.ValueAt(i) is { Type: SnmpType.ObjectIdentifier } type && type.AsOid() == HrDevicePrinter)
            {
                var index = view.OidAt(i).Arcs[HrDeviceType.Length..];
                if (Text(view, HrDeviceDescr.Append(index)) is { } model)
                {
                    return model;
                }
            }
        }

        return First(view, HrDeviceDescr) is { Type: SnmpType.OctetString } descr ? Decode(descr.Bytes) : null;
    }

    /// <summary>The MFG field of the first IEEE 1284 device ID the device serves, wherever it serves one (PWG or a vendor's MIB).</summary>
    private static string? ReadManufacturer(MibView view)
    {
        for (int i = 0; i < view.Count; i++)
        {
            if (view.ValueAt(i) is { Type: SnmpType.OctetString } value && value.Bytes.IndexOf((byte)':') >= 0 && Decode(value.Bytes) is { } text)
            {
                foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    int colon = part.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && ManufacturerFields.Any(f => part[..colon].Trim().Equals(f, StringComparison.OrdinalIgnoreCase)) && part[(colon + 1)..].Trim() is { Length: > 0 } maker)
                    {
                        return maker;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The value of <paramref name="prefix"/> itself (a scalar source such as HP's …3.3.0) or else of the first row under it (a column).</summary>
    private static SnmpValue? First(MibView view, Oid prefix)
    {
        int i = AtOrAfter(view, prefix);
        return i < view.Count && view.OidAt(i).StartsWith(prefix) ? view.ValueAt(i) : null;
    }

    private static int AtOrAfter(MibView view, Oid oid)
    {
        int i = view.Find(oid);
        return i >= 0 ? i : ~i;
    }

    private static string? Text(MibView view, Oid oid)
    {
        int i = view.Find(oid);
        return i >= 0 && view.ValueAt(i) is { Type: SnmpType.OctetString } value ? Decode(value.Bytes) : null;
    }

    /// <summary>UTF-8 when it is valid (ASCII is), else Latin-1 as older printers write; without NUL padding and outer spaces.</summary>
    private static string? Decode(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes.Trim((byte)0);
        string text = Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        text = text.Trim();
        return text.Length > 0 ? text : null;
    }
}
