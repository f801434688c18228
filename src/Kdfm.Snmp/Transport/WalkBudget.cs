namespace Kdfm.Snmp.Transport;

/// <summary>
/// The bytes a read may still hold (<see cref="WalkOptions.MaxBytes"/>), shared by every subtree of one read: what one
/// hostile agent can make the client hold is bounded by it, whatever the row count.
/// </summary>
internal sealed class WalkBudget(long maxBytes)
{
    private long _left = maxBytes;

    /// <summary>Takes the bytes of <paramref name="row"/>; false, taking nothing, when they are more than what is left.</summary>
    public bool TryTake(VarBind row)
    {
        long bytes = Bytes(row);
        if (bytes > _left)
        {
            return false;
        }

        _left -= bytes;
        return true;
    }

    /// <summary>What a row holds: its OID's arcs and the value's bytes (octets, arcs of an OID value, or a number's 8).</summary>
    public static long Bytes(VarBind row)
    {
        var value = row.Value;
        long valueBytes = value.Type switch
        {
            SnmpType.OctetString or SnmpType.Opaque or SnmpType.IpAddress => value.Bytes.Length,
            SnmpType.ObjectIdentifier => value.AsOid().Length * sizeof(uint),
            _ => sizeof(ulong),
        };
        return row.Oid.Length * sizeof(uint) + valueBytes;
    }
}
