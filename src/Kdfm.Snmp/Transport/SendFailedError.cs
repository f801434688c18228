using System.Net;
using System.Net.Sockets;

namespace Kdfm.Snmp.Transport;

/// <summary>The datagram could not be sent at all (no route, bad address).</summary>
public sealed record SendFailedError(IPEndPoint Target, SocketError Reason) : SnmpError
{
    public override string Describe() => $"Unreachable: cannot send to {Target} ({Reason})";
}
