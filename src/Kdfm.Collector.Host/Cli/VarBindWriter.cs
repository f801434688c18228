using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kdfm.Snmp;
using Kdfm.Snmp.Snmprec;

namespace Kdfm.Collector.Host.Cli;

/// <summary>Prints varbinds in one of the <see cref="OutputFormat"/>s.</summary>
internal static class VarBindWriter
{
    public static void Write(TextWriter output, IEnumerable<VarBind> rows, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Snmprec:
                foreach (var row in rows.Where(r => !r.Value.IsException))
                {
                    output.WriteLine(SnmprecFormat.FormatLine(row));
                }

                break;
            case OutputFormat.Json:
                output.WriteLine(Json(rows));
                break;
            default:
                foreach (var row in rows)
                {
                    output.WriteLine(Text(row));
                }

                break;
        }
    }

    /// <summary>One line as Net-SNMP's <c>snmpwalk -On</c> prints it.</summary>
    public static string Text(VarBind row)
    {
        var value = row.Value;
        string shown = value.Type switch
        {
            SnmpType.Integer => $"INTEGER: {value.AsInt64().ToString(CultureInfo.InvariantCulture)}",
            SnmpType.OctetString when value.Bytes.IsEmpty => "STRING: \"\"",
            SnmpType.OctetString when OctetText.IsPrintable(value.Bytes) => $"STRING: \"{Encoding.ASCII.GetString(value.Bytes.TrimEnd((byte)0))}\"",
            SnmpType.OctetString => $"Hex-STRING: {OctetText.Hex(value.Bytes)}",
            SnmpType.ObjectIdentifier => $"OID: .{value.AsOid()}",
            SnmpType.TimeTicks => $"Timeticks: ({value.AsUInt64()}) {Ticks(value.AsUInt64())}",
            SnmpType.Counter32 => $"Counter32: {value.AsUInt64()}",
            SnmpType.Gauge32 => $"Gauge32: {value.AsUInt64()}",
            SnmpType.Counter64 => $"Counter64: {value.AsUInt64()}",
            SnmpType.IpAddress => $"IpAddress: {new IPAddress(value.Bytes)}",
            SnmpType.Opaque => $"OPAQUE: {OctetText.Hex(value.Bytes)}",
            SnmpType.Null => "NULL",
            _ => value.ToString(),
        };
        return $".{row.Oid} = {shown}";
    }

    public static string Json(IEnumerable<VarBind> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("oid", row.Oid.ToString());
                json.WriteString("type", JsonNamingPolicy.CamelCase.ConvertName(row.Value.Type.ToString()));
                var value = row.Value;
                switch (value.Type)
                {
                    case SnmpType.Integer:
                        json.WriteNumber("value", value.AsInt64());
                        break;
                    case SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64:
                        json.WriteNumber("value", value.AsUInt64());
                        break;
                    case SnmpType.OctetString or SnmpType.Opaque:
                        if (OctetText.IsPrintable(value.Bytes))
                        {
                            json.WriteString("value", Encoding.ASCII.GetString(value.Bytes.TrimEnd((byte)0)));
                        }
                        else
                        {
                            json.WriteNull("value");
                        }

                        json.WriteString("hex", Convert.ToHexStringLower(value.Bytes));
                        break;
                    case SnmpType.IpAddress:
                        json.WriteString("value", new IPAddress(value.Bytes).ToString());
                        break;
                    case SnmpType.ObjectIdentifier:
                        json.WriteString("value", value.AsOid().ToString());
                        break;
                    default:
                        json.WriteNull("value");
                        break;
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>TimeTicks (hundredths of a second) as Net-SNMP shows them: "1 day, 0:00:00.00".</summary>
    public static string Ticks(ulong ticks)
    {
        ulong days = ticks / 8_640_000;
        ulong rest = ticks % 8_640_000;
        string clock = string.Create(CultureInfo.InvariantCulture, $"{rest / 360_000}:{rest / 6000 % 60:00}:{rest / 100 % 60:00}.{rest % 100:00}");
        return days switch
        {
            0 => clock,
            1 => $"1 day, {clock}",
            _ => $"{days} days, {clock}",
        };
    }
}
