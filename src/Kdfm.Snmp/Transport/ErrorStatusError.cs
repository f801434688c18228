using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Transport;

/// <summary>The agent answered with a non-zero error-status (RFC 3416 §4.2).</summary>
public sealed record ErrorStatusError(ErrorStatus Status, int Index, Oid? Oid) : SnmpError
{
    public override string Describe()
    {
        string name = Status.ToString();
        name = char.ToLowerInvariant(name[0]) + name[1..];
        return Oid is { } oid ? $"Error in packet: {name} (index {Index}, {oid})" : $"Error in packet: {name} (index {Index})";
    }
}
