using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Persistence;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// The index of devices by key (vendor:serial, else MAC, else address), so that a printer DHCP moved keeps its key and
/// history: a new address is read once to learn its key, then handed to the device that already has it (which decides
/// whether it moved or answers at two addresses), or registered as a new device. The devices themselves are sharded
/// entities (entity id = key, <see cref="DeviceShards"/>) spread over the cluster's nodes; the registry only addresses
/// them through the shard region. It is a cluster singleton rather than a sharded index: discovery asks it by address,
/// which a key-sharded index could not answer without asking every shard, the index is small (16,384 devices are a
/// few MB), and one persistent actor keeps the store's "device-registry" journal as it was before sharding. It is
/// persistent: a restarted cluster knows its devices (which remember-entities restarts anyway) and starts any that never
/// learnt their registration (a store from before sharding). Its decisions are the pure <see cref="DeviceDirectory"/>;
/// identity (discovery, claims, addresses taken) is in DeviceRegistry.Identity.cs.
/// </summary>
public sealed partial class DeviceRegistry : ReceivePersistentActor
{
    private readonly SnmpClient _client;
    private readonly ReadGate _gate;
    private readonly LiveSettings _live;
    private readonly IActorRef _devices;

    /// <summary>The settings in force now (the hub may change them).</summary>
    private CollectorSettings Settings => _live.Current;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DeviceDirectory _directory = new();
    private readonly HashSet<IPEndPoint> _identifying = [];

    /// <summary>New devices whose registration is being stored: their entity learns of them (with the first reading) once it is.</summary>
    private readonly HashSet<string> _registering = [];

    /// <param name="devices">The device shard region (or a proxy to it): messages go in a <see cref="ShardingEnvelope"/> by key.</param>
    public DeviceRegistry(SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock, IActorRef devices)
    {
        _client = client;
        _gate = gate;
        _live = settings;
        _clock = clock;
        _devices = devices;
        Recover<DeviceRegistered>(_directory.Register);
        Recover<RecoveryCompleted>(_ => StartKnownDevices());
        Command<DeviceFound>(OnFound);
        Command<Identified>(OnIdentified);
        Command<MovedToClaimant>(OnMoved);
        Command<SameIdentityConfirmed>(c => ReportSameIdentity(c.Key, c.Primary, c.At, c.Reading));
        Command<AddressTaken>(OnTaken);
        Command<GetKnownDevices>(_ => Sender.Tell(new KnownDevices([.. _directory.Devices])));
        Command<GetRegistration>(g =>
        {
            if (_registering.Contains(g.Key))
            {
                return; // its StartDevice, with the first reading, follows once the registration is stored
            }

            if (_directory.IsKnown(g.Key))
            {
                Sender.Tell(new StartDevice(_directory[g.Key], null));
            }
            else
            {
                Sender.Tell(new UnknownDevice(g.Key));
            }
        });
        Command<PollAll>(_ =>
        {
            foreach (var device in _directory.Devices)
            {
                Deliver(device.Key, new PollDevice());
            }
        });
        Command<GetDevice>(g =>
        {
            if (_directory.IsKnown(g.Key))
            {
                Deliver(g.Key, new DeviceActor.GetDeviceState());
            }
            else
            {
                Sender.Tell(new Status.Failure(new KeyNotFoundException($"no device {g.Key}")));
            }
        });
    }

    public override string PersistenceId => "device-registry";

    /// <summary>The cluster singleton's name (its manager on every node, and the proxy's target).</summary>
    public const string SingletonName = "device-registry";

    /// <summary>The <c>ActorRegistry</c> key of the singleton's manager (the registry's own key is its proxy).</summary>
    public sealed class Singleton;

    public static Props Props(SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock, IActorRef devices) =>
        Akka.Actor.Props.Create(() => new DeviceRegistry(client, gate, settings, clock, devices));

    /// <summary>Polls every known device now (a poll-now task, and the benchmark's full poll).</summary>
    public sealed record PollAll;

    /// <summary>Asks which devices the registry knows.</summary>
    public sealed record GetKnownDevices;

    public sealed record KnownDevices(System.Collections.Immutable.ImmutableArray<DeviceRegistered> Devices);

    /// <summary>Asks a device's <see cref="DeviceState"/> by key.</summary>
    public sealed record GetDevice(string Key);

    private sealed record Identified(IPEndPoint EndPoint, CredentialProfile Profile, SnmpResult<DeviceSnapshot> Reading);

    /// <summary>
    /// Every known device's entity is started with its registration: remember-entities restarts those it knew already (and
    /// they ignore this), while those of a store from before sharding learn their address and profile from it.
    /// </summary>
    private void StartKnownDevices()
    {
        foreach (var device in _directory.Devices)
        {
            Deliver(device.Key, new StartDevice(device, null));
        }

        if (_directory.Count > 0)
        {
            _log.Info("Recovered {0} devices; polling resumes without a rediscovery", _directory.Count);
        }
    }

    /// <summary>Hands a message to a device's entity, wherever its shard is (started there if it is not running).</summary>
    private void Deliver(string key, object message) => _devices.Tell(new ShardingEnvelope(key, message), Sender);
}
