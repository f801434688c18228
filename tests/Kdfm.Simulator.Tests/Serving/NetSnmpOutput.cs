using System.Globalization;
using Kdfm.Snmp;

namespace Kdfm.Simulator.Tests.Serving;

/// <summary>
/// Reads what Net-SNMP's tools print with <c>-On -Ox -Ot -Oe</c> into one canonical text per row, and writes our
/// rows the same way, so the two can be compared exactly.
/// </summary>
internal static class NetSnmpOutput
{
    public static List<string> Parse(string output)
    {
        var rows = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith('.'))
            {
                rows.Add(line.TrimEnd());
            }
            else if (line.Trim().Length > 0 && rows.Count > 0 && line.Trim() != "End of MIB")
            {
                rows[^1] += " " + line.Trim(); // a Hex-STRING continued on the next line
            }
        }

        return rows.Where(r => !r.Contains("No more variables left", StringComparison.Ordinal)).Select(Canonical).ToList();
    }

    private static string Canonical(string line)
    {
        int eq = line.IndexOf(" = ", StringComparison.Ordinal);
        string oid = line[1..eq];
        string value = line[(eq + 3)..].Trim();
        if (value.StartsWith("Hex-STRING: ", StringComparison.Ordinal))
        {
            value = "hex " + value["Hex-STRING: ".Length..].Replace(" ", string.Empty, StringComparison.Ordinal);
        }
        else if (value == "\"\"")
        {
            value = "hex ";
        }
        else if (value.StartsWith("OID: .", StringComparison.Ordinal))
        {
            value = "OID: " + value["OID: .".Length..];
        }
        else if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            value = "Timeticks: " + value;
        }

        return $"{oid} {value}";
    }

    public static string Canonical(VarBind row)
    {
        var v = row.Value;
        string value = v.Type switch
        {
            SnmpType.OctetString => "hex " + Convert.ToHexString(v.Bytes),
            SnmpType.Integer => $"INTEGER: {v.AsInt64()}",
            SnmpType.ObjectIdentifier => $"OID: {v.AsOid()}",
            SnmpType.TimeTicks => $"Timeticks: {v.AsUInt64()}",
            SnmpType.Counter32 => $"Counter32: {v.AsUInt64()}",
            SnmpType.Gauge32 => $"Gauge32: {v.AsUInt64()}",
            SnmpType.Counter64 => $"Counter64: {v.AsUInt64()}",
            SnmpType.IpAddress => $"IpAddress: {new System.Net.IPAddress(v.Bytes)}",
            SnmpType.Null => "NULL",
            _ => v.ToString(),
        };
        return $"{row.Oid} {value}";
    }
}
