using System.Buffers.Binary;
using System.Net;
using Kdfm.Simulator.Agent;
using Kdfm.Snmp.Security;

namespace Kdfm.Simulator.Fleet;

/// <summary>One simulated printer: its address, the walk it serves, its SNMPv3 engine and its behaviour.</summary>
internal sealed class SimulatedDevice
{
    private readonly long _startedAtMs;
    private LocalizedKeys? _keys;
    private long _salt;

    public SimulatedDevice(IPEndPoint endPoint, string walk, MibView view, DeviceBehaviour behaviour, int copy, long startedAtMs)
    {
        EndPoint = endPoint;
        Walk = walk;
        View = view;
        Behaviour = behaviour;
        Copy = copy;
        _startedAtMs = startedAtMs;
        _salt = BinaryPrimitives.ReadInt64BigEndian(System.Security.Cryptography.SHA256.HashData(endPoint.Address.GetAddressBytes()));
        EngineId = MakeEngineId(endPoint);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Path of the walk file served.</summary>
    public string Walk { get; }

    public MibView View { get; }

    public DeviceBehaviour Behaviour { get; }

    /// <summary>0 for the device that serves its walk verbatim, 1.. for the distinct copies.</summary>
    public int Copy { get; }

    /// <summary>snmpEngineID (RFC 3411 §5): format 5 (octets) under a placeholder enterprise, then the address and port.</summary>
    public byte[] EngineId { get; }

    public int EngineBoots => 1;

    public int EngineTime(long nowMs) => (int)((nowMs - _startedAtMs) / 1000);

    public ulong NextSalt() => (ulong)Interlocked.Increment(ref _salt);

    public LocalizedKeys Keys(MasterKeys master) => _keys ??= master.Localize(EngineId);

    private static byte[] MakeEngineId(IPEndPoint endPoint)
    {
        var id = new byte[5 + 4 + 2];
        // 0x80 | enterprise 99999 (a placeholder), format 5 = administratively assigned octets (RFC 3411 SnmpEngineID).
        BinaryPrimitives.WriteUInt32BigEndian(id, 0x80000000u | 99999u);
        id[4] = 5;
        endPoint.Address.MapToIPv4().TryWriteBytes(id.AsSpan(5), out _);
        BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(9), (ushort)endPoint.Port);
        return id;
    }
}
