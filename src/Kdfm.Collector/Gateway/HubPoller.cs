using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Discovery;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The gRPC poll loop: a heartbeat with the agent's status every poll interval (jittered), or at once when the MQTT
/// session says a task waits; runs the tasks it gets (<see cref="TaskKinds.Known"/>; a ping through the <see cref="Pinger"/>)
/// and reports how each ended. Its status carries the configured targets (what the hub lets a ping reach).
/// Failures are logged and shown in the status; collection goes on regardless.
/// </summary>
public sealed class HubPoller : ReceiveActor, IWithTimers
{
    private const string NextPoll = "next-poll";

    private readonly HubConnection _hub;
    private readonly GatewaySettings _settings;
    private readonly LiveSettings _live;
    private readonly GatewayStatus _status;
    private readonly IActorRef _registry;
    private readonly IActorRef _discovery;
    private readonly IActorRef _outbox;
    private readonly IActorRef _tunnels;
    private readonly IActorRef _pinger;
    private readonly GatewayParts _parts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _down = [];
    private bool _polling;
    private bool _again;
    private int _failures;
    private TimeSpan _interval;

    public HubPoller(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry, IActorRef discovery, IActorRef outbox, IActorRef tunnels,
        IActorRef pinger)
    {
        _parts = parts;
        _pinger = pinger;
        _hub = parts.Hub;
        _settings = settings;
        _live = live;
        _status = parts.Status;
        _tunnels = tunnels;
        _registry = registry;
        _discovery = discovery;
        _outbox = outbox;
        _interval = settings.PollInterval;
        Receive<PollNow>(_ => StartPoll());
        Receive<Polled>(OnPolled);
        Receive<PollFailedWith>(OnPollFailed);
        Receive<DeviceWentDown>(e => _down.Add(e.Key));
        Receive<DevicePolled>(e => _down.Remove(e.Key));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry, IActorRef discovery, IActorRef outbox, IActorRef tunnels,
        IActorRef pinger) =>
        Akka.Actor.Props.Create(() => new HubPoller(parts, settings, live, registry, discovery, outbox, tunnels, pinger));

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
            Run(task);
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

    /// <summary>
    /// The task's kind: <c>task_kind</c>, else (a hub older than that field) the kind named by the deprecated <c>kind</c>;
    /// <see cref="TaskKind.Unspecified"/> when neither says a kind, and a number this agent does not know stays as it came.
    /// </summary>
    public static TaskKind KindOf(AgentTask task) =>
        task.TaskKind != TaskKind.Unspecified ? task.TaskKind
        : TaskKinds.TryParse(task.Kind, out var named) ? named
        : TaskKind.Unspecified;

    private void Run(AgentTask task)
    {
        var kind = KindOf(task);
        _log.Info("Task {0} from the hub: {1}", task.Id, kind == TaskKind.Unspecified ? task.Kind : TaskKinds.Name(kind));
        var hub = _hub;
        if (kind == TaskKind.WebSession)
        {
            _tunnels.Tell(new TunnelManager.Open(task)); // it reports when the tunnel is up, or why not
            return;
        }

        if (kind == TaskKind.RotateSshKey)
        {
            _ = SendResultAsync(hub, RotateSshKey(task), _log);
            return;
        }

        if (kind == TaskKind.Ping)
        {
            _ = SendResultAsync(hub, PingAsync(_pinger, task), _log);
            return;
        }

        Task<(bool Ok, string Message)> work = kind switch
        {
            TaskKind.PollNow => PollEveryDeviceAsync(_registry),
            TaskKind.Rescan => RescanAsync(Context.System, _discovery, _live.Current),
            TaskKind.SetConfig => ApplyConfigAsync(task.Config),
            _ => Task.FromResult((false, $"unknown task kind '{task.Kind}'{(task.TaskKind == TaskKind.Unspecified ? "" : $" (task_kind {(int)task.TaskKind})")} (this agent knows {TaskKinds.KnownNames})")),
        };
        var log = _log;
        _ = ReportAsync(hub, task.Id, work, log);
    }

    /// <summary>The ping's whole result (each probe in <c>TaskResult.ping</c>), from the <see cref="Pinger"/>; a failure to get it is a failed task.</summary>
    private static async Task<TaskResult> PingAsync(IActorRef pinger, AgentTask task)
    {
        var request = task.Ping ?? new PingRequest();
        try
        {
            var finished = await pinger.Ask<PingFinished>(new RunPing(task.Id, request), PingTask.Deadline(request)).ConfigureAwait(false);
            return PingTask.Result(task.Id, finished.Outcome);
        }
        catch (AskTimeoutException)
        {
            return new TaskResult { TaskId = task.Id, Ok = false, Message = $"ping of {request.Target} did not end within {PingTask.Deadline(request).TotalSeconds:F0} s" };
        }
    }

    /// <summary>Tells the hub how a task ended once it has (see <see cref="SendResultAsync(HubConnection, TaskResult, ILoggingAdapter)"/>).</summary>
    private static async Task SendResultAsync(HubConnection hub, Task<TaskResult> result, ILoggingAdapter log) =>
        await SendResultAsync(hub, await result.ConfigureAwait(false), log).ConfigureAwait(false);

    /// <summary>A new SSH key pair for the tunnels (the old one stops working when the hub takes the new one), and the hub's endpoint pinned anew.</summary>
    private TaskResult RotateSshKey(AgentTask task)
    {
        try
        {
            string publicKey = SshKey.Create(_parts.DataDirectory);
            _parts.PinSsh(SshHub.From(task.Ssh));
            var pinned = _parts.Identity.Ssh;
            return new TaskResult
            {
                TaskId = task.Id, Ok = true, SshPublicKey = publicKey,
                Message = pinned is null ? "new SSH key made (the hub sent no SSH endpoint: Device Web Access is off there)" : $"new SSH key made; the hub's sshd {pinned.HostFor(_parts.Identity.Hub)}:{pinned.Port} pinned",
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TaskResult { TaskId = task.Id, Ok = false, Message = $"could not write the new SSH key in {_parts.DataDirectory}: {e.Message}" };
        }
    }

    private static async Task<(bool, string)> PollEveryDeviceAsync(IActorRef registry)
    {
        var known = await registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        registry.Tell(new DeviceRegistry.PollAll());
        return (true, $"polling {known.Devices.Length} devices now");
    }

    private static async Task<(bool, string)> RescanAsync(ActorSystem system, IActorRef discovery, CollectorSettings settings)
    {
        var scan = await Scans.Run(system, discovery, settings, []).ConfigureAwait(false);
        int same = scan.Snapshots.Count(s => s.SameIdentityAs is not null);
        string unfinished = scan.Discovery.Unfinished.IsEmpty ? string.Empty : $"; not finished by the deadline: {string.Join(", ", scan.Discovery.Unfinished)}";
        string duplicates = same == 0 ? string.Empty : $" ({same} of them a second address of another)";
        return (true, $"probed {scan.Discovery.Probed} addresses, found {scan.Snapshots.Length} printers{duplicates} in {scan.Discovery.Elapsed.TotalSeconds:F1} s{unfinished}");
    }

    /// <summary>Applies the configuration; new targets are scanned at once (the result says what was found).</summary>
    private Task<(bool, string)> ApplyConfigAsync(AgentConfig? config)
    {
        var before = _live.Current.Targets;
        var (ok, message) = ApplyConfig(config);
        if (!ok || _live.Current.Targets.SequenceEqual(before))
        {
            return Task.FromResult((ok, message));
        }

        return RescanAfterAsync(Context.System, _discovery, _live.Current, message);
    }

    private static async Task<(bool, string)> RescanAfterAsync(ActorSystem system, IActorRef discovery, CollectorSettings settings, string applied)
    {
        var (_, scanned) = await RescanAsync(system, discovery, settings).ConfigureAwait(false);
        return (true, $"{applied}; new targets scanned: {scanned}");
    }

    private (bool, string) ApplyConfig(AgentConfig? config)
    {
        if (config is null)
        {
            return (false, $"{TaskKinds.Name(TaskKind.SetConfig)} without a configuration");
        }

        var current = _live.Current;
        var profiles = current.Profiles;
        if (config.Profiles.Count > 0)
        {
            var parsed = System.Collections.Immutable.ImmutableArray.CreateBuilder<Configuration.CredentialProfile>();
            for (int i = 0; i < config.Profiles.Count; i++)
            {
                var p = config.Profiles[i];
                var (profile, problem) = new ProfileText(string.IsNullOrWhiteSpace(p.Name) ? $"profile-{i}" : p.Name, p.Version, p.Community, p.User, p.Auth,
                    p.AuthPassphrase, p.Priv, p.PrivPassphrase).Parse($"profiles[{i}]");
                if (profile is null)
                {
                    return (false, "configuration refused: " + problem);
                }

                parsed.Add(profile);
            }

            profiles = parsed.ToImmutable();
        }

        var next = current with
        {
            Profiles = profiles,
            Targets = config.Targets.Count > 0 ? [.. config.Targets] : current.Targets,
            Exclusions = config.Targets.Count > 0 ? [.. config.Exclusions] : current.Exclusions,
            PollInterval = config.PollIntervalSeconds > 0 ? TimeSpan.FromSeconds(config.PollIntervalSeconds) : current.PollInterval,
            DiscoveryInterval = config.DiscoveryIntervalSeconds > 0 ? TimeSpan.FromSeconds(config.DiscoveryIntervalSeconds) : current.DiscoveryInterval,
        };
        var problems = _live.Update(next);
        if (!problems.IsEmpty)
        {
            return (false, "configuration refused: " + string.Join("; ", problems));
        }

        return (true, $"applied: {next.Targets.Length} targets, {next.Exclusions.Length} exclusions, {next.Profiles.Length} profiles ({string.Join(", ", next.Profiles.Select(p => p.Name))}), poll every {next.PollInterval.TotalSeconds:F0} s, discovery every {next.DiscoveryInterval.TotalSeconds:F0} s");
    }

    private static async Task ReportAsync(HubConnection hub, string taskId, Task<(bool Ok, string Message)> work, ILoggingAdapter log)
    {
        (bool ok, string message) result;
        try
        {
            result = await work.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = (false, e.Message);
        }

        await SendResultAsync(hub, new TaskResult { TaskId = taskId, Ok = result.ok, Message = result.message }, log).ConfigureAwait(false);
    }

    /// <summary>Tells the hub how a task ended, trying three times.</summary>
    public static async Task SendResultAsync(HubConnection hub, TaskResult result, ILoggingAdapter log)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await hub.Client.ReportTaskResultAsync(result, hub.Call(TimeSpan.FromSeconds(30), CancellationToken.None)).ConfigureAwait(false);
                return;
            }
            catch (RpcException e)
            {
                log.Warning("Could not report task {0} to the hub: {1}", result.TaskId, e.Status.Detail);
                await Task.Delay(TimeSpan.FromSeconds(5 * (attempt + 1))).ConfigureAwait(false);
            }
        }
    }
}
