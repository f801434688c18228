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
/// the actor that already has it (which decides whether it moved or answers at two addresses), or to a new one. The
/// registry is persistent: a restarted collector recreates its device actors (which recover their last readings) and
/// resumes polling without a rediscovery. Its index and decisions are the pure <see cref="DeviceDirectory"/>; identity
/// (discovery, claims, addresses taken) is in DeviceRegistry.Identity.cs, sleep and wake in DeviceRegistry.Passivation.cs.
/// </summary>
public sealed partial class DeviceRegistry : ReceivePersistentActor, IWithTimers
{
    private readonly SnmpClient _client;
    private readonly ReadGate _gate;
    private readonly LiveSettings _live;

    /// <summary>The settings in force now (the hub may change them).</summary>
    private CollectorSettings Settings => _live.Current;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DeviceDirectory _directory = new();
    private readonly Dictionary<string, IActorRef> _byKey = [];
    private readonly HashSet<IPEndPoint> _identifying = [];
    private readonly Dictionary<string, (DeviceState State, DateTimeOffset DueAt)> _asleep = [];
    private readonly Dictionary<IActorRef, string> _stopping = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _heldFor = [];

    private readonly Icmp.IEchoSender? _echo;

    public DeviceRegistry(SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock, Icmp.IEchoSender? echo)
    {
        _echo = echo;
        _client = client;
        _gate = gate;
        _live = settings;
        _clock = clock;
        Recover<DeviceRegistered>(_directory.Register);
        Recover<RecoveryCompleted>(_ => StartKnownDevices());
        Command<DeviceFound>(OnFound);
        Command<Identified>(OnIdentified);
        Command<MovedToClaimant>(OnMoved);
        Command<SameIdentityConfirmed>(c => ReportSameIdentity(c.Key, c.Primary, c.At, c.Reading));
        Command<AddressTaken>(OnTaken);
        Command<GetKnownDevices>(_ => Sender.Tell(new KnownDevices([.. _directory.Devices])));
        Command<PollAll>(_ =>
        {
            foreach (var key in _byKey.Keys.Concat(_asleep.Keys).Concat(_heldFor.Keys).ToList())
            {
                Deliver(key, new PollDevice());
            }
        });
        Command<DeviceActor.Sleep>(OnSleep);
        Command<Wake>(w =>
        {
            if (_heldFor.TryGetValue(w.Key, out var held))
            {
                held.Add((new PollDevice(), Self)); // still stopping: it wakes and polls once terminated
            }
            else
            {
                WakeUp(w.Key, pollNow: true);
            }
        });
        Command<GetDevice>(g =>
        {
            if (IsStarted(g.Key))
            {
                Deliver(g.Key, new DeviceActor.GetDeviceState());
            }
            else
            {
                Sender.Tell(new Status.Failure(new KeyNotFoundException($"no device {g.Key}")));
            }
        });
        Command<Terminated>(OnTerminated);
        Command<GetActivity>(_ => Sender.Tell(new Activity(_byKey.Count, _asleep.Count)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => "device-registry";

    /// <param name="echo">How a down device's automatic ping goes out (the system's when not given).</param>
    public static Props Props(SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock, Icmp.IEchoSender? echo = null) =>
        Akka.Actor.Props.Create(() => new DeviceRegistry(client, gate, settings, clock, echo));

    /// <summary>Polls every known device now (a poll-now task, and the benchmark's full poll).</summary>
    public sealed record PollAll;

    /// <summary>Asks which devices the registry knows.</summary>
    public sealed record GetKnownDevices;

    public sealed record KnownDevices(System.Collections.Immutable.ImmutableArray<DeviceRegistered> Devices);

    /// <summary>Asks how many device actors are in memory and how many are passivated until their next poll.</summary>
    public sealed record GetActivity;

    public sealed record Activity(int Awake, int Asleep);

    /// <summary>Asks a device's <see cref="DeviceState"/> by key (waking it if it sleeps).</summary>
    public sealed record GetDevice(string Key);

    private sealed record Wake(string Key);

    private sealed record Identified(IPEndPoint EndPoint, CredentialProfile Profile, SnmpResult<DeviceSnapshot> Reading);

    private void StartKnownDevices()
    {
        foreach (var device in _directory.Devices)
        {
            Spawn(device, null);
        }

        if (_directory.Count > 0)
        {
            _log.Info("Recovered {0} devices; polling resumes without a rediscovery", _directory.Count);
        }
    }

    private CredentialProfile Profile(string name) =>
        Settings.Profiles.FirstOrDefault(p => p.Name == name) ?? Settings.Profiles[0];

    private void Spawn(DeviceRegistered device, DeviceSnapshot? firstReading) =>
        Spawn(new DeviceState(device.Key, device.EndPoint, Profile(device.Profile), null, 0, false), firstReading, null);

    private IActorRef Spawn(DeviceState state, DeviceSnapshot? firstReading, TimeSpan? firstPollIn)
    {
        var actor = Context.ActorOf(DeviceActor.Props(state, firstReading, _client, _gate, _live, _clock, firstPollIn, _echo), "device-" + Uri.EscapeDataString(state.Key));
        Context.Watch(actor);
        _byKey[state.Key] = actor;
        return actor;
    }

    /// <summary>Hands a message to a device's actor, waking it if it sleeps, holding it while its last incarnation stops.</summary>
    private void Deliver(string key, object message)
    {
        if (_byKey.TryGetValue(key, out var actor))
        {
            actor.Tell(message, Sender);
        }
        else if (_heldFor.TryGetValue(key, out var held))
        {
            held.Add((message, Sender));
        }
        else if (_asleep.ContainsKey(key))
        {
            WakeUp(key, pollNow: false)?.Tell(message, Sender);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_stopping.Remove(terminated.ActorRef, out var key))
        {
            Woken(key);
            return;
        }

        // A device actor that stopped on its own: the store refused a reading (Akka stops a persistent actor then). It
        // starts again from its journal and polls on; what the registry holds for it goes to the new incarnation.
        var lost = _byKey.FirstOrDefault(p => p.Value.Equals(terminated.ActorRef));
        if (lost.Key is not null && _directory.IsKnown(lost.Key))
        {
            _log.Warning("Device {0} stopped unexpectedly; starting it again from its journal", lost.Key);
            _byKey.Remove(lost.Key);
            Spawn(_directory[lost.Key], null);
        }
    }
}
