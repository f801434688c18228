using System.Net;
using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Transport;

/// <summary>The agent announced an engine ID RFC 3411 §5 does not allow (SnmpEngineID is 5 to 32 octets): nothing can be localised to it.</summary>
public sealed record InvalidEngineIdError(IPEndPoint Target, int Octets) : SnmpError
{
    public override string Describe() =>
        $"Invalid engine ID: {Target} announced one of {Octets} octets (RFC 3411 allows {SnmpEngineId.MinOctets} to {SnmpEngineId.MaxOctets})";
}
