using System.Net;
using System.Net.Sockets;

namespace Kdfm.Snmp.Transport;

/// <summary>What the client has learnt about one agent: its address in socket form, its bulk behaviour, its v3 engine.</summary>
internal sealed class PeerState
{
    private int _maxRepetitions = -1;

    public PeerState(IPEndPoint endPoint)
    {
        EndPoint = endPoint;
        Address = endPoint.Serialize();
    }

    public IPEndPoint EndPoint { get; }

    public SocketAddress Address { get; }

    /// <summary>Set when the agent answered GETBULK with an error or an empty PDU: walks use GETNEXT from then on.</summary>
    public volatile bool BulkUnsupported;

    /// <summary>The authoritative engine (RFC 3414 §4 discovery), null until discovered.</summary>
    public volatile EngineInfo? Engine;

    /// <summary>The discovery in progress, shared by concurrent requests to the same agent.</summary>
    public Task<SnmpResult<EngineInfo>>? Discovery;

    /// <summary>Forgets the engine <paramref name="used"/> named, unless another engine was discovered since: the next request discovers it again.</summary>
    public void ForgetEngine(EngineInfo used)
    {
        lock (this)
        {
            if (Engine is { } known && known.EngineId.AsSpan().SequenceEqual(used.EngineId))
            {
                Engine = null;
            }
        }
    }

    public int MaxRepetitions(SnmpTarget target)
    {
        int learnt = Volatile.Read(ref _maxRepetitions);
        return learnt > 0 ? Math.Min(learnt, target.MaxRepetitions) : target.MaxRepetitions;
    }

    /// <summary>Smaller replies after tooBig or a lost reply (RFC 3416 §4.2.3: the agent may be unable to fit them).</summary>
    public void ShrinkRepetitions(int current) => Volatile.Write(ref _maxRepetitions, Math.Max(1, current / 2));
}
