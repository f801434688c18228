using System.Text;
using Kdfm.Snmp;

namespace Kdfm.Simulator.Fleet;

/// <summary>
/// Makes copy N of a recorded device a distinct device. Its identity values are found where a collector reads them
/// (serial numbers in the standard columns, in the vendors' own variables, in "SN:"-like fields of IEEE 1284 device IDs
/// and sysDescr; MAC addresses in ifPhysAddress), then every occurrence of each, in every OCTET STRING of the walk and
/// in every form it takes there (the serial's text; the MAC's six octets and its hex text with or without separators),
/// is changed the same way: the copy stays consistent with itself. Lengths are kept, so binary blobs stay valid.
/// </summary>
internal static class CopyIdentity
{
    private const string Upper = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const int MinSerialBytes = 4;

    /// <summary>
    /// Where a walk holds a serial as a whole value: prtGeneralSerialNumber (RFC 3805), entPhysicalSerialNum (RFC 6933)
    /// and the vendors' variables Kdfm.Printers reads (HP, Kyocera, Ricoh, Brother, Epson, Zebra). A test checks that
    /// this covers Kdfm.Printers' own list, DeviceIdentity.SerialSources.
    /// </summary>
    internal static readonly Oid[] SerialSources =
    [
        Oid.Parse("1.3.6.1.2.1.43.5.1.1.17"),
        Oid.Parse("1.3.6.1.2.1.47.1.1.1.1.11"),
        Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"),
        Oid.Parse("1.3.6.1.4.1.1347.43.5.1.1.28.1"),
        Oid.Parse("1.3.6.1.4.1.367.3.2.1.2.1.4.0"),
        Oid.Parse("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0"),
        Oid.Parse("1.3.6.1.4.1.1248.1.1.3.1.1.1.0"),
        Oid.Parse("1.3.6.1.4.1.683.1.5.0"),
    ];

    /// <summary>Fields of IEEE 1284 device IDs ("…;SN:X8G9000415;") and of HP's sysDescr ("…,SN:VNCRC48198,…") that hold a serial.</summary>
    private static readonly string[] SerialFields = ["SN", "SERN", "SERIALNUMBER", "SER"];

    private static readonly Oid IfPhysAddress = Oid.Parse("1.3.6.1.2.1.2.2.1.6"); // IF-MIB

    /// <summary>The identity values of a recorded device: its serials and MACs, found once per walk.</summary>
    internal sealed record Identity(IReadOnlyList<byte[]> Serials, IReadOnlyList<byte[]> Macs);

    /// <summary>The rows (by index) that change for copy <paramref name="copy"/> (≥ 1), with their new values.</summary>
    public static Dictionary<int, SnmpValue> Changes(IReadOnlyList<VarBind> rows, int copy) => Changes(rows, Find(rows), copy);

    /// <summary>As <see cref="Changes(IReadOnlyList{VarBind}, int)"/>, with the walk's identity already found (a fleet makes many copies of one walk).</summary>
    public static Dictionary<int, SnmpValue> Changes(IReadOnlyList<VarBind> rows, Identity identity, int copy)
    {
        var replacements = Replacements(identity, copy);
        var changes = new Dictionary<int, SnmpValue>();
        if (replacements.Count == 0)
        {
            return changes;
        }

        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Value.Type == SnmpType.OctetString && Replace(rows[i].Value.GetBytesArray()!, replacements) is { } updated)
            {
                changes[i] = SnmpValue.OctetString(updated);
            }
        }

        return changes;
    }

    /// <summary>Where a collector reads a serial or a MAC, what the walk holds.</summary>
    public static Identity Find(IReadOnlyList<VarBind> rows)
    {
        var serials = new List<byte[]>();
        var macs = new List<byte[]>();
        foreach (var row in rows)
        {
            if (row.Value.Type != SnmpType.OctetString)
            {
                continue;
            }

            var bytes = row.Value.GetBytesArray()!;
            if (SerialSources.Any(s => row.Oid.StartsWith(s)))
            {
                AddSerial(serials, WholeValue(bytes));
            }
            else if (IfPhysAddress.IsAncestorOf(row.Oid) && bytes.Length == 6 && bytes.AsSpan().ContainsAnyExcept((byte)0) && bytes.AsSpan().ContainsAnyExcept((byte)0xFF))
            {
                AddDistinct(macs, bytes);
            }

            foreach (var field in FieldSerials(bytes))
            {
                AddSerial(serials, field);
            }
        }

        return new Identity(serials, macs);
    }

    /// <summary>Every (original, replacement) byte string of this copy, longest first so a serial inside a longer one is not cut.</summary>
    private static List<(byte[] From, byte[] To)> Replacements(Identity identity, int copy)
    {
        var pairs = identity.Serials.Select(s => (From: s, To: MutateSerial(s, copy))).ToList();
        foreach (var mac in identity.Macs)
        {
            var mutated = MutateMac(mac, copy);
            pairs.Add((mac, mutated));
            foreach (var format in MacTextFormats)
            {
                pairs.Add((Encoding.ASCII.GetBytes(format(mac)), Encoding.ASCII.GetBytes(format(mutated))));
            }
        }

        return [.. pairs.OrderByDescending(p => p.From.Length)];
    }

    /// <summary>The MAC as text the way printers write it: 001ba90ba752 ("HL-5370DW series [001ba90ba752]", brother_hl5370dw walk), 00:1B:A9:…, 00-1b-a9-….</summary>
    private static readonly Func<byte[], string>[] MacTextFormats =
    [
        m => Convert.ToHexStringLower(m),
        m => Convert.ToHexString(m),
        m => string.Join(':', m.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
        m => string.Join(':', m.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
        m => string.Join('-', m.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
        m => string.Join('-', m.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
    ];

    /// <summary>A whole-value serial without padding and without the two-byte symbol-set prefix of HP's PML strings.</summary>
    internal static byte[] WholeValue(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.Length > 2 && (span[0] < 0x20 && span[1] < 0x80 && span[0] is not (byte)'\r' and not (byte)'\n' || span[0] == 0xFD && span[1] == 0xE8))
        {
            span = span[2..];
        }

        return span.Trim((byte)0).Trim((byte)' ').ToArray();
    }

    /// <summary>The values of SN:-like fields in a text made of KEY:VALUE parts separated by ';' or ','.</summary>
    internal static IEnumerable<byte[]> FieldSerials(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf((byte)':') < 0)
        {
            yield break;
        }

        foreach (var part in Encoding.Latin1.GetString(bytes).Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && SerialFields.Any(f => part[..colon].Trim().Equals(f, StringComparison.OrdinalIgnoreCase)))
            {
                yield return Encoding.Latin1.GetBytes(part[(colon + 1)..].Trim());
            }
        }
    }

    /// <summary>A serial worth changing: printable text of at least four characters, one of them a letter or digit.</summary>
    private static void AddSerial(List<byte[]> serials, byte[] serial)
    {
        if (serial.Length >= MinSerialBytes && serial.All(b => b is >= 0x20 and < 0x7F) && serial.Any(b => char.IsAsciiLetterOrDigit((char)b)))
        {
            AddDistinct(serials, serial);
        }
    }

    private static void AddDistinct(List<byte[]> list, byte[] value)
    {
        if (!list.Any(v => v.AsSpan().SequenceEqual(value)))
        {
            list.Add(value);
        }
    }

    /// <summary>A copy of <paramref name="source"/> with every occurrence of every original replaced, or null when none occurs.</summary>
    private static byte[]? Replace(byte[] source, List<(byte[] From, byte[] To)> replacements)
    {
        byte[]? updated = null;
        foreach (var (from, to) in replacements)
        {
            var current = updated ?? source;
            int at = current.AsSpan().IndexOf(from);
            while (at >= 0)
            {
                updated ??= (byte[])source.Clone();
                to.CopyTo(updated.AsSpan(at));
                int next = updated.AsSpan(at + from.Length).IndexOf(from);
                at = next < 0 ? -1 : at + from.Length + next;
            }
        }

        return updated;
    }

    /// <summary>
    /// Shifts each of the last four letters or digits by one base-36 digit of the copy number, keeping case and
    /// punctuation: distinct for every copy below 36⁴.
    /// </summary>
    internal static byte[] MutateSerial(byte[] serial, int copy)
    {
        var result = (byte[])serial.Clone();
        int n = copy;
        for (int at = result.Length - 1, k = 0; at >= 0 && k < 4; at--)
        {
            char c = (char)result[at];
            int upper = Upper.IndexOf(c, StringComparison.Ordinal);
            int lower = Lower.IndexOf(c, StringComparison.Ordinal);
            if (upper < 0 && lower < 0)
            {
                continue;
            }

            int d = n % 36;
            n /= 36;
            k++;
            result[at] = upper >= 0 ? (byte)Upper[(upper + d) % 36] : (byte)Lower[(lower + d) % 36];
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
