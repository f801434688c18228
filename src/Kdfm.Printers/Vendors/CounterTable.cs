using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// A vendor's counter table, read whole by the poll plan: each numeric row of its value column with the row's index,
/// and the other columns of the same row (the type or description a row is mapped by, never its position).
/// </summary>
internal sealed class CounterTable(MibData mib, Oid entry, uint valueColumn)
{
    /// <summary>One row: the OID its value was read from, its index (the arcs after the column) and the value.</summary>
    public readonly record struct Row(Oid Oid, Oid Index, long Value);

    public IEnumerable<Row> Rows()
    {
        foreach (var (oid, index, value) in mib.Under(entry.Append(valueColumn)))
        {
            if (value.IsNumeric && mib.Integer(oid) is { } number)
            {
                yield return new Row(oid, index, number);
            }
        }
    }

    /// <summary>An integer column of the row (a type enumeration), or null.</summary>
    public long? Integer(uint column, Oid index) => mib.Integer(entry.Append(column).Append(index.Arcs));

    /// <summary>A text column of the row (a description), trimmed, or null.</summary>
    public string? Text(uint column, Oid index) =>
        mib.Get(entry.Append(column).Append(index.Arcs)) is { Type: SnmpType.OctetString } text
            ? Kdfm.Printers.Text.OctetDecoder.Decode(text.Bytes, null, SnapshotLimits.TextChars)?.Trim()
            : null;
}
