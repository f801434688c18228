using System.Net;
using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// One <see cref="DeviceActor"/> per device, keyed by the snapshot key (vendor:serial, else MAC, else address), so a
/// printer that DHCP moved keeps its actor and history: a new address is read once to learn its key, then handed to
/// the actor that already has it, or to a new one.
/// </summary>
public sealed class DeviceRegistry : ReceiveActor
{
    private readonly SnmpClient _client;
    private readonly CollectorSettings _settings;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, IActorRef> _byKey = [];
    private readonly Dictionary<IPEndPoint, string> _keyOf = [];
    private readonly HashSet<IPEndPoint> _identifying = [];

    public DeviceRegistry(SnmpClient client, CollectorSettings settings, TimeProvider clock)
    {
        _client = client;
        _settings = settings;
        _clock = clock;
        Receive<DeviceFound>(OnFound);
        Receive<Identified>(OnIdentified);
    }

    public static Props Props(SnmpClient client, CollectorSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DeviceRegistry(client, settings, clock));

    private sealed record Identified(DeviceFound Found, SnmpResult<DeviceSnapshot> Reading);

    private void OnFound(DeviceFound found)
    {
        if (_keyOf.TryGetValue(found.EndPoint, out var key))
        {
            _byKey[key].Tell(new PollDevice());
            return;
        }

        if (_identifying.Add(found.EndPoint))
        {
            DeviceReader.ReadAsync(_client, found.Profile.Target(found.EndPoint, _settings), _clock, CancellationToken.None)
                .PipeTo(Self, success: r => new Identified(found, r), failure: e => new Identified(found, new SendFailedError(found.EndPoint, System.Net.Sockets.SocketError.SocketError)));
        }
    }

    private void OnIdentified(Identified identified)
    {
        var endPoint = identified.Found.EndPoint;
        _identifying.Remove(endPoint);
        if (!identified.Reading.IsSuccess)
        {
            Context.System.EventStream.Publish(new DeviceUnreadable(endPoint, identified.Reading.Error!));
            return;
        }

        var snapshot = identified.Reading.Value;
        if (_byKey.TryGetValue(snapshot.Key, out var existing))
        {
            var previous = _keyOf.FirstOrDefault(p => p.Value == snapshot.Key).Key;
            if (previous is not null)
            {
                _keyOf.Remove(previous);
                Context.System.EventStream.Publish(new DeviceMoved(snapshot.Key, previous, endPoint));
            }

            _keyOf[endPoint] = snapshot.Key;
            existing.Tell(new DeviceActor.Moved(endPoint));
            Context.System.EventStream.Publish(new DevicePolled(snapshot.Key, endPoint, snapshot));
            return;
        }

        var state = new DeviceState(snapshot.Key, endPoint, identified.Found.Profile, snapshot, 0, false);
        _byKey[snapshot.Key] = Context.ActorOf(DeviceActor.Props(state, _client, _settings, _clock), "device-" + Uri.EscapeDataString(snapshot.Key));
        _keyOf[endPoint] = snapshot.Key;
    }
}
