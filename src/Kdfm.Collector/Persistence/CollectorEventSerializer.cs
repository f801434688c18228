using System.Net;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;
using P = Kdfm.Collector.Persistence.Proto;

namespace Kdfm.Collector.Persistence;

/// <summary>
/// The journal's serializer: every persisted event as a protobuf message of protos/kdfm/collector/v1, named by a
/// versioned manifest. No default JSON: a change to a record cannot silently change what is stored.
/// </summary>
public sealed class CollectorEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string Registered = "DeviceRegistered.v1";
    public const string Relocated = "DeviceRelocated.v1";
    public const string Reading = "ReadingTaken.v1";
    public const string Memento = "DeviceMemento.v1";

    public override int Identifier => 7301;

    public override string Manifest(object o) => o switch
    {
        DeviceRegistered => Registered,
        DeviceRelocated => Relocated,
        ReadingTaken => Reading,
        DeviceMemento => Memento,
        _ => throw new ArgumentException($"{o.GetType()} is not a collector event", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        DeviceRegistered r => new P.DeviceRegistered { Key = r.Key, Reach = Reach(r.EndPoint, r.Profile) }.ToByteArray(),
        DeviceRelocated m => new P.DeviceMoved { Key = m.Key, Reach = Reach(m.EndPoint, string.Empty) }.ToByteArray(),
        ReadingTaken t => new P.ReadingTaken { Snapshot = SnapshotProto.ToProto(t.Snapshot) }.ToByteArray(),
        DeviceMemento m => new P.DeviceMemento { Reach = Reach(m.EndPoint, m.Profile), Last = m.Last is null ? null : SnapshotProto.ToProto(m.Last) }.ToByteArray(),
        _ => throw new ArgumentException($"{obj.GetType()} is not a collector event", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => Decode(bytes, manifest);

    /// <summary>Decodes a stored event without an actor system (the <c>devices</c> command reads the journal directly).</summary>
    public static object Decode(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case Registered:
                var registered = P.DeviceRegistered.Parser.ParseFrom(bytes);
                return new DeviceRegistered(registered.Key, EndPoint(registered.Reach), registered.Reach.Profile);
            case Relocated:
                var moved = P.DeviceMoved.Parser.ParseFrom(bytes);
                return new DeviceRelocated(moved.Key, EndPoint(moved.Reach));
            case Reading:
                return new ReadingTaken(SnapshotProto.FromProto(P.ReadingTaken.Parser.ParseFrom(bytes).Snapshot));
            case Memento:
                var memento = P.DeviceMemento.Parser.ParseFrom(bytes);
                return new DeviceMemento(EndPoint(memento.Reach), memento.Last is null ? null : SnapshotProto.FromProto(memento.Last), memento.Reach.Profile);
            default:
                throw new System.Runtime.Serialization.SerializationException($"unknown collector event manifest '{manifest}'");
        }
    }

    /// <summary>
    /// A stored reading, or null with <paramref name="problem"/> when its bytes are damaged (a disk error, a crash mid-write
    /// of an older SQLite): readers of the store pass over such a row instead of stopping at it.
    /// </summary>
    public static ReadingTaken? TryDecodeReading(byte[] bytes, out string? problem)
    {
        try
        {
            problem = null;
            return (ReadingTaken)Decode(bytes, Reading);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or ArgumentException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static P.Reach Reach(IPEndPoint endPoint, string profile) => new() { Address = endPoint.Address.ToString(), Port = endPoint.Port, Profile = profile };

    private static IPEndPoint EndPoint(P.Reach reach) => new(IPAddress.Parse(reach.Address), reach.Port);
}
