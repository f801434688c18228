using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The gRPC poll loop: a heartbeat with the agent's status every poll interval (jittered), or at once when the MQTT
/// session says a task waits; quickly again after a failure, then no faster than the poll interval. Each answer gives
/// the outbox the sequence the hub holds, and the tasks to the <see cref="TaskRunner"/>. Its status carries the
/// configured targets (what the hub lets a ping reach). Failures are logged and shown in the status; collection goes on
/// regardless.
/// </summary>
public sealed class HubPoller : ReceiveActor, IWithTimers
{
    private const string NextPoll = "next-poll";

    private readonly HubConnection _hub;
    private readonly GatewaySettings _settings;
    private readonly LiveSettings _live;
    private readonly GatewayStatus _status;
    private readonly IActorRef _registry;
    private readonly IActorRef _outbox;
    private readonly IActorRef _tasks;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _down = [];
    private bool _polling;
    private bool _again;
    private int _failures;
    private TimeSpan _interval;

    public HubPoller(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry, IActorRef outbox, IActorRef tasks)
    {
        _hub = parts.Hub;
        _settings = settings;
        _live = live;
        _status = parts.Status;
        _registry = registry;
        _outbox = outbox;
        _tasks = tasks;
        _interval = settings.PollInterval;
        Receive<PollNow>(_ => StartPoll());
        Receive<Polled>(OnPolled);
        Receive<PollFailedWith>(OnPollFailed);
        Receive<DeviceWentDown>(e => _down.Add(e.Key));
        Receive<DevicePolled>(e => _down.Remove(e.Key));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry, IActorRef outbox, IActorRef tasks) =>
        Akka.Actor.Props.Create(() => new HubPoller(parts, settings, live, registry, outbox, tasks));

    /// <summary>Poll the hub now (the MQTT session got "task waiting", or start-up).</summary>
    public sealed record PollNow(string Because = "");

    private sealed record Polled(PollResponse Response);

    private sealed record PollFailedWith(string Reason);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DeviceWentDown));
        Context.System.EventStream.Subscribe(Self, typeof(DevicePolled));
        Self.Tell(new PollNow());
    }

    private void StartPoll()
    {
        if (_polling)
        {
            _again = true; // a task arrived while a poll was on its way: poll once more right after
            return;
        }

        _polling = true;
        _again = false;
        var hub = _hub;
        var registry = _registry;
        var status = _status.Current;
        string version = _settings.Version;
        int down = _down.Count;
        var targets = _live.Current.Targets;
        PollAsync(hub, registry, status, version, down, targets).PipeTo(Self,
            success: r => new Polled(r),
            failure: e => new PollFailedWith(e is RpcException rpc ? Activation.Describe(rpc, hub.Hub, hub.Pin) : e.Message));
    }

    private static async Task<PollResponse> PollAsync(HubConnection hub, IActorRef registry, GatewayStatus.Snapshot status, string version, int down, ImmutableArray<string> targets)
    {
        var known = await registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var request = new PollRequest
        {
            Version = version,
            Status = new AgentStatus
            {
                DevicesKnown = known.Devices.Length, DevicesDown = down, OutboxPending = status.OutboxPending, LastSequence = status.AcknowledgedSequence,
                LastError = status.LastError,
                OpenWebSessions = { status.WebSessions }, Targets = { targets },
                StartedAtUnixMs = status.StartedAt?.ToUnixTimeMilliseconds() ?? 0,
            },
        };
        return await hub.Client.PollAsync(request, hub.Call(TimeSpan.FromSeconds(30), CancellationToken.None)).ConfigureAwait(false);
    }

    private void OnPolled(Polled polled)
    {
        _polling = false;
        if (_failures > 0)
        {
            _log.Info("The hub answers again ({0})", _hub.Hub);
            _failures = 0;
        }

        var response = polled.Response;
        _status.Update(s => s with { LastPollAt = DateTimeOffset.UtcNow, LastPollOkAt = DateTimeOffset.UtcNow, PollError = string.Empty, DevicesDown = _down.Count });
        _outbox.Tell(new Outbox.HubAcknowledged(response.AcknowledgedSequence, response.MaxUploadBytes));
        foreach (var task in response.Tasks)
        {
            _tasks.Tell(new RunTask(task));
        }

        if (response.NextPollSeconds > 0)
        {
            _interval = TimeSpan.FromSeconds(Math.Min(response.NextPollSeconds, _settings.PollInterval.TotalSeconds * 4));
        }

        ScheduleNext(_again ? TimeSpan.Zero : Jittered(_interval));
    }

    private void OnPollFailed(PollFailedWith failed)
    {
        _polling = false;
        _failures++;
        // Quickly at first (a hub restarting), then no faster than the poll interval.
        var delay = TimeSpan.FromSeconds(Math.Min(_interval.TotalSeconds, 5 * Math.Pow(2, Math.Min(_failures - 1, 8))));
        _log.Warning("Poll of the hub failed: {0}; collection goes on, next try in {1:F0} s", failed.Reason, delay.TotalSeconds);
        _status.Update(s => s with { LastPollAt = DateTimeOffset.UtcNow, PollError = failed.Reason });
        ScheduleNext(delay);
    }

    private void ScheduleNext(TimeSpan delay) => Timers.StartSingleTimer(NextPoll, new PollNow(), delay);

    private static TimeSpan Jittered(TimeSpan interval) => interval * (0.9 + (Random.Shared.NextDouble() * 0.2));
}
