using System.Globalization;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>Zebra's printed length is text ("1920 INCHES, 4876 CENTIMETERS"): the first number and its unit become the counter.</summary>
internal static class ZebraLength
{
    private static readonly Oid PrintedLength = Oid.Parse("1.3.6.1.4.1.10642.200.17.3.0");

    public static void Decode(MibData mib, SnapshotBuilder b)
    {
        if (mib.Get(PrintedLength) is not { Type: SnmpType.OctetString } value || Text.OctetDecoder.Decode(value.Bytes) is not { } text)
        {
            return;
        }

        var parts = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            b.AddCounter(new Counter("vendor:printed length", length, parts[1].ToLowerInvariant(), PrintedLength.ToString()));
        }
        else
        {
            b.Warn($"Zebra printed length '{text}' is not 'N UNIT'");
        }
    }
}
