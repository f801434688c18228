using Kdfm.Snmp;

namespace Kdfm.Simulator.Agent;

/// <summary>One varbind of a response: a row of the view, or an OID with an exception value (or echoed from the request).</summary>
internal readonly record struct PlanEntry(int Row, Oid Oid, SnmpValue Value)
{
    public static PlanEntry FromRow(int row) => new(row, default, default);

    public static PlanEntry Literal(Oid oid, SnmpValue value) => new(-1, oid, value);

    public bool IsRow => Row >= 0;
}
