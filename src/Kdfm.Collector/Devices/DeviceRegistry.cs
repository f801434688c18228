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
public sealed class DeviceRegistry : ReceivePersistentActor, IWithTimers
{
    private readonly SnmpClient _client;
    private readonly ReadGate _gate;
    private readonly LiveSettings _live;

    /// <summary>The settings in force now (the hub may change them).</summary>
    private CollectorSettings Settings => _live.Current;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DeviceRegistered> _known = [];
    private readonly Dictionary<string, IActorRef> _byKey = [];
    private readonly Dictionary<IPEndPoint, string> _keyOf = [];
    private readonly HashSet<IPEndPoint> _identifying = [];
    private readonly Dictionary<string, (DeviceState State, DateTimeOffset DueAt)> _asleep = [];
    private readonly Dictionary<IActorRef, string> _stopping = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _heldFor = [];

    public DeviceRegistry(SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock)
    {
        _client = client;
        _gate = gate;
        _live = settings;
        _clock = clock;
        Recover<DeviceRegistered>(Remember);
        Recover<RecoveryCompleted>(_ => StartKnownDevices());
        Command<DeviceFound>(OnFound);
        Command<Identified>(OnIdentified);
        Command<GetKnownDevices>(_ => Sender.Tell(new KnownDevices([.. _known.Values])));
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

    public static Props Props(SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DeviceRegistry(client, gate, settings, clock));

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
        Settings.Profiles.FirstOrDefault(p => p.Name == name) ?? Settings.Profiles[0];

    private void Spawn(DeviceRegistered device, DeviceSnapshot? firstReading) =>
        Spawn(new DeviceState(device.Key, device.EndPoint, Profile(device.Profile), null, 0, false), firstReading, null);

    private IActorRef Spawn(DeviceState state, DeviceSnapshot? firstReading, TimeSpan? firstPollIn)
    {
        var actor = Context.ActorOf(DeviceActor.Props(state, firstReading, _client, _gate, _live, _clock, firstPollIn), "device-" + Uri.EscapeDataString(state.Key));
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

    private void OnSleep(DeviceActor.Sleep sleep)
    {
        string key = sleep.State.Key;
        if (!_byKey.TryGetValue(key, out var actor) || !actor.Equals(Sender))
        {
            return;
        }

        _byKey.Remove(key);
        _asleep[key] = (sleep.State, Context.System.Scheduler.Now + sleep.Delay);
        _stopping[actor] = key;
        _heldFor[key] = [];
        actor.Tell(new DeviceActor.Stop()); // not Context.Stop: messages already in its mailbox are handled first
        Timers.StartSingleTimer("wake:" + key, new Wake(key), sleep.Delay);
    }

    private IActorRef? WakeUp(string key, bool pollNow)
    {
        if (_heldFor.ContainsKey(key) || !_asleep.Remove(key, out var sleeping))
        {
            return null; // awake already, or still stopping (the wake-up follows its termination)
        }

        Timers.Cancel("wake:" + key);
        var due = pollNow ? TimeSpan.Zero : sleeping.DueAt - Context.System.Scheduler.Now;
        return Spawn(sleeping.State, null, due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_stopping.Remove(terminated.ActorRef, out var key))
        {
            return;
        }

        _heldFor.Remove(key, out var held);
        if (held is { Count: > 0 } && WakeUp(key, pollNow: false) is { } actor)
        {
            foreach (var (message, sender) in held)
            {
                actor.Tell(message, sender);
            }
        }
    }

    private void OnFound(DeviceFound found)
    {
        if (_keyOf.TryGetValue(found.EndPoint, out var key) && IsStarted(key))
        {
            Deliver(key, new PollDevice());
            return;
        }

        if (_identifying.Add(found.EndPoint))
        {
            var target = found.Profile.Target(found.EndPoint, Settings);
            _gate.RunAsync(() => DeviceReader.ReadAsync(_client, target, _clock, CancellationToken.None))
                .PipeTo(Self, success: r => new Identified(found, r),
                    failure: e => new Identified(found, new SendFailedError(found.EndPoint, System.Net.Sockets.SocketError.SocketError)));
        }
    }

    /// <summary>The device has an actor: awake, asleep, or stopping to sleep.</summary>
    private bool IsStarted(string key) => _byKey.ContainsKey(key) || _asleep.ContainsKey(key);

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
        if (_known.ContainsKey(snapshot.Key) && !IsStarted(snapshot.Key))
        {
            return; // its registration is being stored and its actor is about to start: this reading adds nothing
        }

        if (IsStarted(snapshot.Key))
        {
            var previous = _known[snapshot.Key].EndPoint;
            Persist(registered, r =>
            {
                Remember(r);
                if (!previous.Equals(endPoint))
                {
                    Context.System.EventStream.Publish(new DeviceMoved(snapshot.Key, previous, endPoint));
                    Deliver(snapshot.Key, new DeviceActor.Moved(endPoint));
                }

                Deliver(snapshot.Key, new PollDevice());
            });
            return;
        }

        // PersistAsync: thousands of new devices are written in the journal's batches, not one round trip each.
        Remember(registered);
        PersistAsync(registered, r => Spawn(r, snapshot));
    }
}
