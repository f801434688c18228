using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;

namespace Kdfm.Snmp.Snmprec;

/// <summary>
/// snmpsim's recorded-walk format: one <c>OID|TAG|VALUE</c> line per variable. TAG is the BER tag in decimal
/// (2 Integer, 4 OctetString, 5 Null, 6 OID, 64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks, 68 Opaque,
/// 70 Counter64); an <c>x</c> suffix means the value is hex. Reading never throws on a bad line: the line is
/// skipped and reported with its number.
/// </summary>
public static class SnmprecFormat
{
    public static SnmprecWalk ReadFile(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: false));
        return Read(reader, path);
    }

    public static SnmprecWalk Read(TextReader reader, string source)
    {
        var rows = new List<VarBind>();
        var problems = ImmutableArray.CreateBuilder<SnmprecProblem>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (TryParseLine(line, out var row, out string? reason))
            {
                rows.Add(row);
            }
            else
            {
                problems.Add(new SnmprecProblem(source, lineNumber, reason!));
            }
        }

        // Stable sort keeps the first of two equal OIDs first; later duplicates are dropped and reported.
        var sorted = rows.Select((row, index) => (row, index)).OrderBy(p => p.row.Oid).ThenBy(p => p.index).Select(p => p.row).ToList();
        var unique = ImmutableArray.CreateBuilder<VarBind>(sorted.Count);
        foreach (var row in sorted)
        {
            if (unique.Count > 0 && unique[^1].Oid == row.Oid)
            {
                problems.Add(new SnmprecProblem(source, 0, $"duplicate OID {row.Oid}: the first value is kept"));
                continue;
            }

            unique.Add(row);
        }

        return new SnmprecWalk(source, unique.ToImmutable(), problems.ToImmutable());
    }

    public static bool TryParseLine(string line, out VarBind row, out string? reason)
    {
        row = default;
        int first = line.IndexOf('|');
        int second = first < 0 ? -1 : line.IndexOf('|', first + 1);
        if (second < 0)
        {
            reason = "expected OID|TAG|VALUE";
            return false;
        }

        if (!Oid.TryParse(line.AsSpan(0, first), out var oid))
        {
            reason = $"'{line[..first]}' is not a numeric OID";
            return false;
        }

        string tagText = line[(first + 1)..second];
        string text = line[(second + 1)..];
        bool hex = tagText.EndsWith('x');
        if (!int.TryParse(hex ? tagText[..^1] : tagText, NumberStyles.None, CultureInfo.InvariantCulture, out int tag))
        {
            reason = $"tag '{tagText}' is not supported (expected a decimal BER tag, optionally followed by x)";
            return false;
        }

        if (!TryParseValue(tag, hex, text, out var value, out reason))
        {
            return false;
        }

        row = new VarBind(oid, value);
        return true;
    }

    private static bool TryParseValue(int tag, bool hex, string text, out SnmpValue value, out string? reason)
    {
        value = default;
        reason = null;
        byte[]? bytes = null;
        if (hex)
        {
            if (tag is not (4 or 64 or 68))
            {
                reason = $"hex values are only read for tags 4, 64 and 68, not {tag}";
                return false;
            }

            try
            {
                bytes = Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                reason = $"'{Shorten(text)}' is not hex";
                return false;
            }
        }

        switch (tag)
        {
            case 2 when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer) &&
                        integer is >= int.MinValue and <= int.MaxValue:
                value = SnmpValue.Integer(integer);
                return true;
            case 4:
                value = SnmpValue.OctetString(bytes ?? Encoding.UTF8.GetBytes(text));
                return true;
            case 5:
                value = SnmpValue.Null;
                return true;
            case 6 when Oid.TryParse(text, out var oid):
                value = SnmpValue.ObjectIdentifier(oid);
                return true;
            case 64 when bytes is { Length: 4 }:
                value = SnmpValue.IpAddress(bytes);
                return true;
            case 64 when bytes is null && IPAddress.TryParse(text, out var address) && address.GetAddressBytes() is { Length: 4 } four:
                value = SnmpValue.IpAddress(four);
                return true;
            case 65 or 66 or 67 when uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint unsigned):
                value = tag switch
                {
                    65 => SnmpValue.Counter32(unsigned),
                    66 => SnmpValue.Gauge32(unsigned),
                    _ => SnmpValue.TimeTicks(unsigned),
                };
                return true;
            case 68:
                value = SnmpValue.Opaque(bytes ?? Encoding.UTF8.GetBytes(text));
                return true;
            case 70 when ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong big):
                value = SnmpValue.Counter64(big);
                return true;
            case 2 or 6 or 64 or 65 or 66 or 67 or 70:
                reason = $"'{Shorten(text)}' is not a valid value for tag {tag}";
                return false;
            default:
                reason = $"tag {tag} is not an SNMP value type";
                return false;
        }
    }

    /// <summary>
    /// One line in the canonical form: OCTET STRINGs as text when printable ASCII without surrounding blanks
    /// (snmpsim strips those), else hex with the <c>x</c> suffix.
    /// </summary>
    public static string FormatLine(VarBind row) => $"{row.Oid}|{FormatValue(row.Value)}";

    public static string FormatValue(SnmpValue value) => value.Type switch
    {
        SnmpType.Integer => $"2|{value.AsInt64().ToString(CultureInfo.InvariantCulture)}",
        SnmpType.OctetString => IsPlainText(value.Bytes) ? $"4|{Encoding.ASCII.GetString(value.Bytes)}" : $"4x|{Convert.ToHexStringLower(value.Bytes)}",
        SnmpType.Null => "5|",
        SnmpType.ObjectIdentifier => $"6|{value.AsOid()}",
        SnmpType.IpAddress => $"64|{new IPAddress(value.Bytes)}",
        SnmpType.Counter32 => $"65|{value.AsUInt64().ToString(CultureInfo.InvariantCulture)}",
        SnmpType.Gauge32 => $"66|{value.AsUInt64().ToString(CultureInfo.InvariantCulture)}",
        SnmpType.TimeTicks => $"67|{value.AsUInt64().ToString(CultureInfo.InvariantCulture)}",
        SnmpType.Opaque => $"68x|{Convert.ToHexStringLower(value.Bytes)}",
        SnmpType.Counter64 => $"70|{value.AsUInt64().ToString(CultureInfo.InvariantCulture)}",
        _ => throw new ArgumentException($"{value.Type} is not recorded in a walk", nameof(value)),
    };

    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return bytes.IsEmpty || (bytes[0] != (byte)' ' && bytes[^1] != (byte)' ');
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
