using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Icmp;
using Kdfm.Collector.Persistence;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// One printer: polls it on its schedule with the poll plan, backs off when it stops answering, reports it down
/// after repeated failures, and publishes its readings and events on the event stream. Each reading is persisted
/// before it is published (a reading counts as taken once stored), so a restarted collector knows its last readings.
/// A fault here touches no other device: the read runs as a task piped back, with its own deadline. A reading whose key
/// is not this device's means another printer answers at its address now; the registry learns of it. Another address
/// that answers with this device's identity is decided here (DeviceActor.Claims.cs).
/// </summary>
public sealed partial class DeviceActor : ReceivePersistentActor, IWithTimers
{
    private const string PollTimer = "poll";

    private readonly SnmpClient _client;
    private readonly ReadGate _gate;
    private readonly LiveSettings _live;
    private readonly IActorRef? _registry;

    /// <summary>The settings in force now (the hub may change them).</summary>
    private CollectorSettings Settings => _live.Current;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DeviceSnapshot? _firstReading;
    private DeviceState _state;
    private bool _registered;
    private bool _reading;
    private bool _readAgain;
    private long _snapshotAt;
    private bool _stopping;

    /// <param name="initial">The device as the registry knows it, or only its key (<paramref name="registered"/> false): a
    /// sharded entity learns its address and profile from its own journal, else from the registry (<see cref="StartDevice"/>).</param>
    /// <param name="registry">Where claims and addresses taken are reported (the registry's singleton); the parent when null.</param>
    public DeviceActor(DeviceState initial, bool registered, DeviceSnapshot? firstReading, IActorRef? registry, SnmpClient client, ReadGate gate, LiveSettings settings,
        TimeProvider clock, IEchoSender echo)
    {
        _echo = echo;
        _state = initial;
        _registered = registered;
        _firstReading = firstReading;
        _registry = registry;
        _client = client;
        _gate = gate;
        _live = settings;
        _clock = clock;
        PersistenceId = "device-" + initial.Key;
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is DeviceMemento memento)
            {
                _snapshotAt = o.Metadata.SequenceNr;
                _state = _state with { EndPoint = memento.EndPoint, Last = memento.Last };
                if (memento.Profile.Length > 0)
                {
                    _state = _state with { Profile = ProfileNamed(memento.Profile) };
                    _registered = true;
                }
            }
        });
        Recover<DeviceRegistered>(e =>
        {
            _state = _state with { EndPoint = e.EndPoint, Profile = ProfileNamed(e.Profile) };
            _registered = true;
        });
        Recover<ReadingTaken>(e => _state = _state.Recovered(e.Snapshot));
        Recover<DeviceRelocated>(e => _state = _state with { EndPoint = e.EndPoint });
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Polling();
    }

    public override string PersistenceId { get; }

    /// <summary>A device registered a moment ago has nothing stored yet: skip the journal query of recovery.</summary>
    public override Recovery Recovery => _firstReading is null ? Recovery.Default : Recovery.None;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Where claims and addresses taken go: the registry.</summary>
    private IActorRef Registry => _registry ?? Context.Parent;

    /// <summary>A device actor under its parent (tests, benchmarks): it knows its address and profile from the start.</summary>
    /// <param name="echo">How the automatic ping of a down device goes out (<see cref="SystemEcho.Shared"/> when not given).</param>
    public static Props Props(DeviceState initial, DeviceSnapshot? firstReading, SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock,
        IEchoSender? echo = null)
    {
        var sender = echo ?? SystemEcho.Shared;
        return Akka.Actor.Props.Create(() => new DeviceActor(initial, true, firstReading, null, client, gate, settings, clock, sender));
    }

    /// <summary>
    /// The sharded entity of the device <paramref name="key"/> (the entity id): it recovers its address and profile from its
    /// journal (remember-entities restarts it with nothing else, after a node loss or a cluster restart), else waits for
    /// the registry's <see cref="StartDevice"/>.
    /// </summary>
    public static Props Entity(string key, IActorRef registry, SnmpClient client, ReadGate gate, LiveSettings settings, TimeProvider clock, IEchoSender echo)
    {
        var unknown = new DeviceState(key, new IPEndPoint(IPAddress.Any, 0), settings.Current.Profiles[0], null, 0, false);
        return Akka.Actor.Props.Create(() => new DeviceActor(unknown, false, null, registry, client, gate, settings, clock, echo));
    }

    /// <summary>
    /// Stop once what is in hand is finished: a read in flight is stored and its claims settled first. Sharding's hand-off
    /// message (a rebalance, a node leaving), so that a device moving to another node loses no reading.
    /// </summary>
    public sealed record Stop;

    /// <summary>Asks for the actor's current <see cref="DeviceState"/>.</summary>
    public sealed record GetDeviceState;

    /// <summary>Asks for the state and whether a read is in flight (<see cref="PollStatus"/>).</summary>
    public sealed record GetPollStatus;

    /// <summary>
    /// The state, and whether a read is in flight. On virtual time it proves a poll did not start: a timer that fired
    /// during the advance put its poll in the mailbox before this question, and the poll starts its read at once.
    /// </summary>
    public sealed record PollStatus(DeviceState State, bool Reading);

    /// <summary>How often an entity that does not know its address yet asks the registry for it.</summary>
    public static readonly TimeSpan AskRegistrationEvery = TimeSpan.FromSeconds(5);

    private sealed record AskRegistration;

    private sealed record ReadDone(IPEndPoint From, CredentialProfile Profile, SnmpResult<DeviceSnapshot> Result);

    /// <summary>A read or a ping in flight, or claims waiting for a read: the device may not stop.</summary>
    private bool Busy => _reading || _claims.Count > 0 || _pinging;

    private CredentialProfile ProfileNamed(string name) => Settings.Profiles.FirstOrDefault(p => p.Name == name) ?? Settings.Profiles[0];

    /// <summary>The device's behaviour once it knows where it is: polling on its schedule.</summary>
    private void Polling()
    {
        Command<PollDevice>(_ => StartRead());
        Command<ReadDone>(OnRead);
        Command<Status.Failure>(OnReadCrashed);
        Command<Pinged>(OnPinged);
        Command<ClaimAddress>(OnClaim);
        Command<StartDevice>(_ => { }); // the registry starting every device it knows, after its own recovery: this one runs already
        Command<AskRegistration>(_ => { });
        Command<GetDeviceState>(_ => Sender.Tell(_state));
        Command<GetPollStatus>(_ => Sender.Tell(new PollStatus(_state, _reading)));
        Command<Stop>(_ =>
        {
            // Whatever was in the mailbox before this has been handled; a read in flight is finished (stored, claims
            // settled) first. A reading being stored holds this message back (Persist stashes commands until its handler
            // has run), so nothing stored is left unannounced.
            _stopping = true;
            if (!Busy)
            {
                Context.Stop(Self);
            }
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("Could not save a snapshot of {0}: {1}", _state.Key, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Could not delete old snapshots of {0}: {1}", _state.Key, f.Cause.Message));
    }

    /// <summary>
    /// An entity whose journal does not say where the device is (a device of a store from before sharding, or one the
    /// registry is registering now): everything waits until the registry says, asked again every few seconds (its
    /// singleton may be moving). A device the registry does not know is retired: Sharding's passivation forgets it.
    /// </summary>
    private void Unregistered()
    {
        Command<StartDevice>(start =>
        {
            var registered = start.Registration;
            var first = start.FirstReading;
            Persist(registered, r =>
            {
                _registered = true;
                _state = _state with { EndPoint = r.EndPoint, Profile = ProfileNamed(r.Profile) };
                Timers.Cancel("register");
                Stash.UnstashAll();
                Become(Polling);
                if (first is not null)
                {
                    Store(first, _state.Polled(first, _state.EndPoint), () => ScheduleNextPoll());
                }
                else
                {
                    ScheduleNextPoll();
                }
            });
        });
        Command<UnknownDevice>(_ =>
        {
            _log.Warning("Device {0} is no longer registered: its actor is retired", _state.Key);
            Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(new Stop()));
            Become(Retiring);
        });
        Command<AskRegistration>(_ => Registry.Tell(new GetRegistration(_state.Key)));
        Command<Stop>(_ => Context.Stop(Self));
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>Passivated: only the stop that Sharding sends back counts.</summary>
    private void Retiring()
    {
        Command<Stop>(_ => Context.Stop(Self));
        CommandAny(_ => { });
    }

    private void OnRecovered()
    {
        if (_firstReading is { } first)
        {
            _firstReading = null;
            Store(first, _state.Polled(first, _state.EndPoint), () => ScheduleNextPoll());
            return;
        }

        if (!_registered)
        {
            Become(Unregistered);
            Registry.Tell(new GetRegistration(_state.Key));
            Timers.StartPeriodicTimer("register", new AskRegistration(), AskRegistrationEvery);
            return;
        }

        ScheduleNextPoll();
    }

    /// <summary>The next poll by timer. The actor stays in memory between polls (lean: <see cref="DeviceState.Kept"/>), so that remember-entities restarts it wherever its shard goes.</summary>
    private void ScheduleNextPoll(TimeSpan? delay = null)
    {
        if (_stopping && !Busy)
        {
            Context.Stop(Self);
            return;
        }

        Timers.StartSingleTimer(PollTimer, new PollDevice(), delay ?? _state.NextPoll(Settings));
    }

    /// <summary>
    /// Starts a read of the device's address. Asked while one is in flight, it marks that another is wanted when it ends:
    /// whoever asked (a scan's poll, a claim) learns what the device says after the question, not before.
    /// </summary>
    private void StartRead()
    {
        if (_reading)
        {
            _readAgain = true;
            return;
        }

        _reading = true;
        _readAgain = false;
        var endPoint = _state.EndPoint;
        // The profile by name from the settings in force: credentials changed by the hub apply from the next read.
        var profile = Settings.Profiles.FirstOrDefault(p => p.Name == _state.Profile.Name) ?? _state.Profile;
        var target = profile.Target(endPoint, Settings);
        var deadline = Settings.ReadDeadline;
        _gate.RunAsync(() => DeviceReader.ReadAsync(_client, target, _clock, deadline))
            .PipeTo(Self, success: r => new ReadDone(endPoint, profile, r));
    }

    private void OnRead(ReadDone done)
    {
        _reading = false;
        bool again = _readAgain;
        if (!done.From.Equals(_state.EndPoint))
        {
            Continue(again); // read at an address this device has left since: it says nothing about the device
            return;
        }

        var result = Judge(done);
        if (result.IsSuccess)
        {
            Store(result.Value, _state.Polled(result.Value, done.From), () =>
            {
                if (!again)
                {
                    SettleClaims(primaryAnswers: true);
                }

                Continue(again);
            });
            return;
        }

        var (state, events) = _state.Failed(result.Error!, Settings);
        _state = state;
        Publish(events);
        PingIfDue();
        if (again || !SettleClaims(primaryAnswers: false))
        {
            Continue(again);
        }
    }

    /// <summary>
    /// A reading of the device's own address, judged by its key. Another printer's key (as strong an identity as this
    /// device's, or stronger) means another printer answers there now: not this device's reading; the registry reads the
    /// address anew. A weaker key (mac: or ip: where this device has a serial) means the reading lost part of the identity
    /// (a request lost): a failed poll, not another printer.
    /// </summary>
    private SnmpResult<DeviceSnapshot> Judge(ReadDone done)
    {
        var result = done.Result;
        if (!result.IsSuccess || result.Value.Key == _state.Key)
        {
            return result;
        }

        string found = result.Value.Key;
        if (Kdfm.Printers.DeviceIdentity.Strength(found) < Kdfm.Printers.DeviceIdentity.Strength(_state.Key))
        {
            return new IdentityIncompleteError(done.From, _state.Key, found);
        }

        if (_state.ConsecutiveFailures == 0)
        {
            Context.System.EventStream.Publish(new AnotherDeviceAnswered(_state.Key, done.From, found)); // once a series
        }

        Registry.Tell(new AddressTaken(_state.Key, done.From, done.Profile));
        return new AnotherDeviceError(done.From, _state.Key, found);
    }

    /// <summary>After a read: another one if it was asked for meanwhile, else the next poll on the schedule.</summary>
    private void Continue(bool readAgain)
    {
        if (readAgain || _claims.Count > 0)
        {
            StartRead();
        }
        else
        {
            ScheduleNextPoll();
        }
    }

    /// <summary>
    /// Persists the reading (and a move), then applies and publishes, then <paramref name="then"/>: nothing is announced
    /// that is not stored. The work happens in the handler of the last persisted event, which Akka runs before any command
    /// that arrived meanwhile (they are stashed), so no Stop or claim sees the state from before the reading.
    /// </summary>
    private void Store(DeviceSnapshot reading, (DeviceState State, System.Collections.Immutable.ImmutableArray<object> Events) outcome, Action then)
    {
        var stored = new List<object> { new ReadingTaken(reading) };
        if (!outcome.State.EndPoint.Equals(_state.EndPoint))
        {
            // A move (with the profile the new address answered to): the entity's own registration, so that it recovers
            // where it is wherever it restarts.
            stored.Add(new DeviceRegistered(_state.Key, outcome.State.EndPoint, outcome.State.Profile.Name));
        }

        int left = stored.Count;
        PersistAll(stored, _ =>
        {
            if (--left > 0)
            {
                return;
            }

            _state = outcome.State;
            Publish(outcome.Events);
            if (LastSequenceNr - _snapshotAt >= Settings.SnapshotEvery)
            {
                _snapshotAt = LastSequenceNr;
                SaveSnapshot(new DeviceMemento(_state.EndPoint, _state.Last, _state.Profile.Name));
            }

            then();
        });
    }

    private void OnReadCrashed(Status.Failure failure)
    {
        // A bug in reading or interpreting this device: logged, the actor goes on with its schedule. Claims waiting for
        // this read are settled as "the primary answers" (the read reached it), so no claimant waits for ever; the next
        // discovery asks again.
        _reading = false;
        _log.Error(failure.Cause, "Reading {0} at {1} failed unexpectedly", _state.Key, _state.EndPoint);
        SettleClaims(primaryAnswers: true);
        ScheduleNextPoll(Settings.PollInterval);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The store refused a reading (disk full, locked): the reading is not announced, and Akka stops the actor; its
        // shard starts it again from its journal (remember-entities restarts an entity that stopped without passivating).
        _log.Error(cause, "Could not store a reading of {0}: {1}", _state.Key, cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void Publish(IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            Context.System.EventStream.Publish(e);
        }
    }
}
