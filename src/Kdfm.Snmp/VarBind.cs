namespace Kdfm.Snmp;

/// <summary>One variable binding: an OID and its value (RFC 3416 §3).</summary>
public readonly record struct VarBind(Oid Oid, SnmpValue Value)
{
    /// <summary>A request binding: the OID with a NULL value.</summary>
    public static VarBind Request(Oid oid) => new(oid, SnmpValue.Null);

    public override string ToString() => $"{Oid} = {Value}";
}
