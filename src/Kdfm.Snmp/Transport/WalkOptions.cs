namespace Kdfm.Snmp.Transport;

/// <summary>How a walk proceeds.</summary>
public sealed record WalkOptions
{
    public static WalkOptions Default { get; } = new();

    /// <summary>Stop after this many rows (a safety cap against endless tables).</summary>
    public int MaxRows { get; init; } = 100_000;

    /// <summary>Use GETBULK where the version allows it (never for v1).</summary>
    public bool UseBulk { get; init; } = true;

    /// <summary>When the subtree is empty, try a GET of the root itself, as Net-SNMP's snmpwalk does.</summary>
    public bool GetRootWhenEmpty { get; init; } = true;
}
