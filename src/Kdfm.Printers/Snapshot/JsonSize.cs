using System.Text.Encodings.Web;

namespace Kdfm.Printers.Snapshot;

/// <summary>
/// Upper bounds, in UTF-8 bytes, of the compact JSON of a snapshot's parts (<see cref="SnapshotJson.SerializeCompact"/>:
/// camelCase, nulls written, <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>), in one pass over the strings and
/// without serialising. Exact for ASCII text; numbers are counted at their widest. The tests hold these to the serialiser.
/// </summary>
internal static class JsonSize
{
    /// <summary>"-2147483648".</summary>
    private const int IntBytes = 11;

    /// <summary>"-9223372036854775808".</summary>
    private const int LongBytes = 20;

    /// <summary>"\"2026-11-27T10:00:00.1234567+00:00\"".</summary>
    private const int DateBytes = 35;

    private const int Null = 4;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>What each ASCII character costs: 1, 2 for the short escapes (\" \\ \b \f \n \r \t), 6 for \uXXXX.</summary>
    private static readonly byte[] Ascii = [.. Enumerable.Range(0, 128).Select(c => (byte)(
        !Encoder.WillEncode(c) ? 1 : c is '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' ? 2 : 6))];

    private static readonly int AlertFixed = Object("index", "severity", "group", "code", "description", "location") + 2 * IntBytes;

    private static readonly int CounterFixed = Object("name", "value", "unit", "oid") + LongBytes;

    private static readonly int SupplyFixed =
        Object("index", "description", "kind", "color", "level", "capacity", "percent", "state", "oid") + 2 * IntBytes + 2 * LongBytes;

    private static readonly int TrayFixed = Object("index", "name", "media", "level", "capacity", "state") + IntBytes + 2 * LongBytes;

    private static readonly int SnmpFixed = Object("version", "elapsedMs", "requests") + LongBytes + IntBytes;

    private static readonly int SnapshotFixed = Object(
        "source", "address", "key", "collectedAt", "snmp", "sysObjectId", "sysDescr", "sysName", "sysLocation", "sysContact",
        "uptimeSeconds", "vendor", "engine", "model", "serial", "firmware", "mac", "status", "errors", "display", "alerts",
        "counters", "supplies", "trays", "warnings") + DateBytes + LongBytes + 7 * Array(0); // errors and the six tables

    /// <summary>A string value with its quotes, or null.</summary>
    public static int Of(string? text)
    {
        if (text is null)
        {
            return Null;
        }

        int bytes = 2;
        foreach (char c in text)
        {
            bytes += c switch
            {
                < (char)0x80 => Ascii[c],
                _ when char.IsSurrogate(c) => 6, // a pair is 4 bytes raw or 12 escaped; a lone half is escaped
                _ when Encoder.WillEncode(c) => 6,
                < (char)0x800 => 2,
                _ => 3,
            };
        }

        return bytes;
    }

    public static int Of(Alert a) => AlertFixed + Of(a.Severity) + Of(a.Group) + Of(a.Code) + Of(a.Description);

    public static int Of(Counter c) => CounterFixed + Of(c.Name) + Of(c.Unit) + Of(c.Oid) + Strings("derivedFrom", c.DerivedFrom) + Strings("flags", c.Flags);

    /// <summary>An optional array of strings, left out when null: its name, brackets, elements and the comma before it.</summary>
    private static int Strings(string name, System.Collections.Immutable.ImmutableArray<string>? values) =>
        values is { } v ? name.Length + 4 + Array(v.Length == 0 ? 0 : v.Sum(x => Element(Of(x))) - 1) : 0;

    public static int Of(Supply s) => SupplyFixed + Of(s.Description) + Of(s.Kind) + Of(s.Color) + Of(s.State) + Of(s.Oid);

    public static int Of(Tray t) => TrayFixed + Of(t.Name) + Of(t.Media) + Of(t.State);

    /// <summary>An element of an array: the value and the comma that separates it from the next.</summary>
    public static int Element(int value) => value + 1;

    /// <summary>The snapshot without its tables (they are written empty): what the budget always keeps.</summary>
    public static int Frame(DeviceSnapshot s)
    {
        int bytes = SnapshotFixed + Of(s.Source) + Of(s.Address) + Of(s.Key) + Of(s.SysObjectId) + Of(s.SysDescr) + Of(s.SysName) +
            Of(s.SysLocation) + Of(s.SysContact) + Of(s.Vendor) + Of(s.Engine) + Of(s.Model) + Of(s.Serial) + Of(s.Firmware) +
            Of(s.Mac) + Of(s.Status);
        bytes += s.Snmp is { } snmp ? SnmpFixed + Of(snmp.Version) : Null;
        foreach (string error in s.Errors)
        {
            bytes += Element(Of(error));
        }

        if (s.SameIdentityAs is not null)
        {
            bytes += Object("sameIdentityAs") - 1 + Of(s.SameIdentityAs); // one more property: its name and a comma
        }

        if (s.Ping is not null)
        {
            bytes += Object("ping") - 1 + Of(s.Ping);
        }

        return bytes;
    }

    /// <summary>An empty array's brackets, plus what its elements add.</summary>
    private static int Array(int elements) => 2 + elements;

    /// <summary>The braces, each "name": and the commas between the properties; the values are counted apart.</summary>
    private static int Object(params string[] names) => 2 + names.Sum(n => n.Length + 3) + names.Length - 1;
}
