using System.Net.Sockets;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Transport;

/// <summary>A request on the wire: its datagram (resent as is on retry) and what a valid reply must satisfy.</summary>
internal sealed class PendingRequest
{
    public PendingRequest(int id, SnmpTarget target, PeerState peer, Socket socket, byte[] datagram, UsmUser? user, LocalizedKeys? keys)
    {
        Id = id;
        Target = target;
        Peer = peer;
        Socket = socket;
        Datagram = datagram;
        User = user;
        Keys = keys;
        RetriesLeft = target.Retries;
    }

    public int Id { get; }

    public SnmpTarget Target { get; }

    public PeerState Peer { get; }

    public Socket Socket { get; }

    public byte[] Datagram { get; }

    public UsmUser? User { get; }

    public LocalizedKeys? Keys { get; }

    public int RetriesLeft { get; set; }

    /// <summary>Completed with the reply, or with null on timeout.</summary>
    public TaskCompletionSource<Reply?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
