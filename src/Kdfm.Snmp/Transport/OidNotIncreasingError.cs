namespace Kdfm.Snmp.Transport;

/// <summary>A walk got an OID that does not follow the previous one: a broken agent that would loop forever.</summary>
public sealed record OidNotIncreasingError(Oid Previous, Oid Received, int RowsSoFar) : SnmpError
{
    public override string Describe() => $"OID not increasing: {Received} after {Previous} (walk stopped after {RowsSoFar} rows)";
}
