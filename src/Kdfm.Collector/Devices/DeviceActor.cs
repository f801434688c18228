using System.Net;
using Akka.Actor;
using Akka.Event;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// One printer: polls it on its schedule with the poll plan, backs off when it stops answering, reports it down
/// after repeated failures, and publishes its readings and events on the event stream. A fault here touches no other
/// device: the read runs as a task piped back, with its own deadline.
/// </summary>
public sealed class DeviceActor : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";

    private readonly SnmpClient _client;
    private readonly CollectorSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DeviceState _state;
    private bool _reading;

    public DeviceActor(DeviceState initial, SnmpClient client, CollectorSettings settings, TimeProvider clock)
    {
        _state = initial;
        _client = client;
        _settings = settings;
        _clock = clock;
        Receive<PollDevice>(_ => StartRead());
        Receive<ReadDone>(OnRead);
        Receive<Status.Failure>(OnReadCrashed);
        Receive<Moved>(m => _state = _state with { EndPoint = m.To });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(DeviceState initial, SnmpClient client, CollectorSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DeviceActor(initial, client, settings, clock));

    /// <summary>The registry saw this device answer at another address.</summary>
    public sealed record Moved(IPEndPoint To);

    private sealed record ReadDone(IPEndPoint From, SnmpResult<DeviceSnapshot> Result);

    protected override void PreStart()
    {
        if (_state.Last is not null)
        {
            Publish(new DevicePolled(_state.Key, _state.EndPoint, _state.Last));
        }

        Timers.StartSingleTimer(PollTimer, new PollDevice(), _state.NextPoll(_settings));
    }

    private void StartRead()
    {
        if (_reading)
        {
            return;
        }

        _reading = true;
        var endPoint = _state.EndPoint;
        DeviceReader.ReadAsync(_client, _state.Profile.Target(endPoint, _settings), _clock, CancellationToken.None)
            .PipeTo(Self, success: r => new ReadDone(endPoint, r));
    }

    private void OnRead(ReadDone done)
    {
        _reading = false;
        var (state, events) = done.Result.IsSuccess
            ? _state.Polled(done.Result.Value, done.From)
            : _state.Failed(done.Result.Error!, _settings);
        _state = state;
        foreach (var e in events)
        {
            Publish(e);
        }

        Timers.StartSingleTimer(PollTimer, new PollDevice(), _state.NextPoll(_settings));
    }

    private void OnReadCrashed(Status.Failure failure)
    {
        // A bug in reading or interpreting this device: logged, counted as a failed poll, the actor goes on.
        _reading = false;
        _log.Error(failure.Cause, "Reading {Key} at {EndPoint} failed unexpectedly", _state.Key, _state.EndPoint);
        Timers.StartSingleTimer(PollTimer, new PollDevice(), _settings.PollInterval);
    }

    private void Publish(object e) => Context.System.EventStream.Publish(e);
}
