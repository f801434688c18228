using Kdfm.Snmp;

namespace Kdfm.Simulator.Fleet;

/// <summary>
/// Makes copy N of a recorded device a distinct device: every occurrence of its serial number(s) and MAC
/// address(es) in its OCTET STRINGs is changed the same way, keeping lengths (so binary blobs stay valid).
/// </summary>
internal static class CopyIdentity
{
    private const string Upper = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "0123456789abcdefghijklmnopqrstuvwxyz";

    private static readonly Oid[] SerialColumns =
    [
        Oid.Parse("1.3.6.1.2.1.43.5.1.1.17"),  // prtGeneralSerialNumber (RFC 3805)
        Oid.Parse("1.3.6.1.2.1.47.1.1.1.1.11"), // entPhysicalSerialNum (RFC 6933)
    ];

    private static readonly Oid IfPhysAddress = Oid.Parse("1.3.6.1.2.1.2.2.1.6"); // IF-MIB

    /// <summary>The rows (by index) that change for copy <paramref name="copy"/> (≥ 1), with their new values.</summary>
    public static Dictionary<int, SnmpValue> Changes(IReadOnlyList<VarBind> rows, int copy)
    {
        var serials = new List<byte[]>();
        var macs = new List<byte[]>();
        foreach (var row in rows)
        {
            if (row.Value.Type != SnmpType.OctetString)
            {
                continue;
            }

            var serial = row.Value.Bytes.Trim((byte)0).Trim((byte)' ').ToArray();
            if (SerialColumns.Any(c => c.IsAncestorOf(row.Oid)) && serial.Length >= 3 && !serials.Any(s => s.AsSpan().SequenceEqual(serial)))
            {
                serials.Add(serial);
            }
            else if (IfPhysAddress.IsAncestorOf(row.Oid) && row.Value.Bytes.Length == 6 && row.Value.Bytes.ContainsAnyExcept((byte)0) &&
                     row.Value.GetBytesArray() is { } mac && !macs.Any(m => m.AsSpan().SequenceEqual(mac)))
            {
                macs.Add(mac);
            }
        }

        var replacements = serials.Select(s => (From: s, To: MutateSerial(s, copy)))
            .Concat(macs.Select(m => (From: m, To: MutateMac(m, copy))))
            .ToList();
        var changes = new Dictionary<int, SnmpValue>();
        if (replacements.Count == 0)
        {
            return changes;
        }

        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Value.Type != SnmpType.OctetString)
            {
                continue;
            }

            byte[]? updated = null;
            foreach (var (from, to) in replacements)
            {
                var source = updated ?? rows[i].Value.GetBytesArray()!;
                int at = source.AsSpan().IndexOf(from);
                while (at >= 0)
                {
                    updated ??= (byte[])source.Clone();
                    to.CopyTo(updated.AsSpan(at));
                    int next = updated.AsSpan(at + from.Length).IndexOf(from);
                    at = next < 0 ? -1 : at + from.Length + next;
                }
            }

            if (updated is not null)
            {
                changes[i] = SnmpValue.OctetString(updated);
            }
        }

        return changes;
    }

    /// <summary>Shifts each of the last four characters by one base-36 digit of the copy number: distinct for every copy below 36⁴.</summary>
    internal static byte[] MutateSerial(byte[] serial, int copy)
    {
        var result = (byte[])serial.Clone();
        int digits = Math.Min(4, result.Length);
        int n = copy;
        for (int k = 0; k < digits; k++)
        {
            int d = n % 36;
            n /= 36;
            int at = result.Length - 1 - k;
            char c = (char)result[at];
            int upper = Upper.IndexOf(c);
            int lower = Lower.IndexOf(c);
            result[at] = upper >= 0 ? (byte)Upper[(upper + d) % 36]
                : lower >= 0 ? (byte)Lower[(lower + d) % 36]
                : (byte)Upper[d];
        }

        return result;
    }

    /// <summary>Keeps the vendor's OUI and XORs the copy number into the last three bytes.</summary>
    internal static byte[] MutateMac(byte[] mac, int copy)
    {
        var result = (byte[])mac.Clone();
        result[3] ^= (byte)(copy >> 16);
        result[4] ^= (byte)(copy >> 8);
        result[5] ^= (byte)copy;
        return result;
    }
}
