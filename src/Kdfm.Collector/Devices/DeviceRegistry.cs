using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Persistence;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// One <see cref="DeviceActor"/> per device, keyed by the snapshot key (vendor:serial, else MAC, else address), so a
/// printer that DHCP moved keeps its actor and history: a new address is read once to learn its key, then handed to
/// the actor that already has it, or to a new one. The registry is persistent: a restarted collector recreates its
/// device actors (which recover their last readings) and resumes polling without a rediscovery.
/// </summary>
public sealed class DeviceRegistry : ReceivePersistentActor
{
    private readonly SnmpClient _client;
    private readonly ReadGate _gate;
    private readonly CollectorSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DeviceRegistered> _known = [];
    private readonly Dictionary<string, IActorRef> _byKey = [];
    private readonly Dictionary<IPEndPoint, string> _keyOf = [];
    private readonly HashSet<IPEndPoint> _identifying = [];

    public DeviceRegistry(SnmpClient client, ReadGate gate, CollectorSettings settings, TimeProvider clock)
    {
        _client = client;
        _gate = gate;
        _settings = settings;
        _clock = clock;
        Recover<DeviceRegistered>(Remember);
        Recover<RecoveryCompleted>(_ => StartKnownDevices());
        Command<DeviceFound>(OnFound);
        Command<Identified>(OnIdentified);
        Command<GetKnownDevices>(_ => Sender.Tell(new KnownDevices([.. _known.Values])));
        Command<PollAll>(_ =>
        {
            foreach (var device in _byKey.Values)
            {
                device.Tell(new PollDevice());
            }
        });
    }

    public override string PersistenceId => "device-registry";

    public static Props Props(SnmpClient client, ReadGate gate, CollectorSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DeviceRegistry(client, gate, settings, clock));

    /// <summary>Polls every known device now (a poll-now task, and the benchmark's full poll).</summary>
    public sealed record PollAll;

    /// <summary>Asks which devices the registry knows.</summary>
    public sealed record GetKnownDevices;

    public sealed record KnownDevices(System.Collections.Immutable.ImmutableArray<DeviceRegistered> Devices);

    private sealed record Identified(DeviceFound Found, SnmpResult<DeviceSnapshot> Reading);

    private void Remember(DeviceRegistered registered)
    {
        if (_known.TryGetValue(registered.Key, out var before))
        {
            _keyOf.Remove(before.EndPoint);
        }

        _known[registered.Key] = registered;
        _keyOf[registered.EndPoint] = registered.Key;
    }

    private void StartKnownDevices()
    {
        foreach (var device in _known.Values)
        {
            Spawn(device, null);
        }

        if (_known.Count > 0)
        {
            _log.Info("Recovered {0} devices; polling resumes without a rediscovery", _known.Count);
        }
    }

    private CredentialProfile Profile(string name) =>
        _settings.Profiles.FirstOrDefault(p => p.Name == name) ?? _settings.Profiles[0];

    private void Spawn(DeviceRegistered device, DeviceSnapshot? firstReading)
    {
        var state = new DeviceState(device.Key, device.EndPoint, Profile(device.Profile), null, 0, false);
        _byKey[device.Key] = Context.ActorOf(DeviceActor.Props(state, firstReading, _client, _gate, _settings, _clock), "device-" + Uri.EscapeDataString(device.Key));
    }

    private void OnFound(DeviceFound found)
    {
        if (_keyOf.TryGetValue(found.EndPoint, out var key) && _byKey.TryGetValue(key, out var actor))
        {
            actor.Tell(new PollDevice());
            return;
        }

        if (_identifying.Add(found.EndPoint))
        {
            var target = found.Profile.Target(found.EndPoint, _settings);
            _gate.RunAsync(() => DeviceReader.ReadAsync(_client, target, _clock, CancellationToken.None))
                .PipeTo(Self, success: r => new Identified(found, r),
                    failure: e => new Identified(found, new SendFailedError(found.EndPoint, System.Net.Sockets.SocketError.SocketError)));
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
        var registered = new DeviceRegistered(snapshot.Key, endPoint, identified.Found.Profile.Name);
        if (_known.ContainsKey(snapshot.Key) && !_byKey.ContainsKey(snapshot.Key))
        {
            return; // its registration is being stored and its actor is about to start: this reading adds nothing
        }

        if (_byKey.TryGetValue(snapshot.Key, out var existing))
        {
            var previous = _known[snapshot.Key].EndPoint;
            Persist(registered, r =>
            {
                Remember(r);
                if (!previous.Equals(endPoint))
                {
                    Context.System.EventStream.Publish(new DeviceMoved(snapshot.Key, previous, endPoint));
                    existing.Tell(new DeviceActor.Moved(endPoint));
                }

                existing.Tell(new PollDevice());
            });
            return;
        }

        // PersistAsync: thousands of new devices are written in the journal's batches, not one round trip each.
        Remember(registered);
        PersistAsync(registered, r => Spawn(r, snapshot));
    }
}
