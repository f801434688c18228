namespace Kdfm.Snmp.Transport;

/// <summary>How a walk proceeds.</summary>
public sealed record WalkOptions
{
    public static WalkOptions Default { get; } = new();

    /// <summary>Stop after this many rows (a safety cap against endless tables).</summary>
    public int MaxRows { get; init; } = 100_000;

    /// <summary>
    /// Stop once the rows kept would hold more than this many bytes (<see cref="WalkEnd.ByteCap"/>): each row's OID at
    /// 4 bytes an arc, plus its value's octets (OCTET STRING, Opaque, IpAddress), 4 bytes an arc (OBJECT IDENTIFIER)
    /// or 8 (numbers, NULL). One budget per call: <see cref="SnmpClient.WalkManyAsync"/> shares it among its subtrees.
    /// What one hostile agent can make a read hold is bounded by it, whatever its row count. No cap by default.
    /// </summary>
    public long MaxBytes { get; init; } = long.MaxValue;

    /// <summary>Use GETBULK where the version allows it (never for v1).</summary>
    public bool UseBulk { get; init; } = true;

    /// <summary>When the subtree is empty, try a GET of the root itself, as Net-SNMP's snmpwalk does.</summary>
    public bool GetRootWhenEmpty { get; init; } = true;
}
