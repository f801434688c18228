using Akka.Actor;
using Akka.Event;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Discovery;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// Runs the tasks the <see cref="HubPoller"/> gets from the hub, by their kind (<see cref="KindOf"/>): poll-now (every
/// device polled at once), rescan (a discovery of the targets with the first readings), set-config (the hub's
/// configuration over the settings in force, <see cref="AgentConfigMapper"/>; new targets are scanned at once), ping
/// (through the <see cref="Pinger"/>), rotate-ssh-key (a new key pair, the hub's SSH endpoint pinned anew) and
/// web-session (handed to the <see cref="TunnelManager"/>, which answers with the result when the tunnel is up, or why
/// not). Work runs off the actor and comes back to it as a result; each result goes to the hub (ReportTaskResult),
/// again on a timer while the hub cannot take it (<c>TaskRunner.Reports.cs</c>, <see cref="TaskResultRetry"/>).
/// </summary>
public sealed partial class TaskRunner : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly GatewayParts _parts;
    private readonly HubConnection _hub;
    private readonly LiveSettings _live;
    private readonly IActorRef _registry;
    private readonly IActorRef _discovery;
    private readonly IActorRef _tunnels;
    private readonly IActorRef _pinger;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Ping tasks the pinger has not answered yet, by task id.</summary>
    private readonly Dictionary<string, PingRequest> _pings = [];

    public TaskRunner(GatewayParts parts, LiveSettings live, IActorRef registry, IActorRef discovery, IActorRef tunnels, IActorRef pinger)
    {
        _parts = parts;
        _hub = parts.Hub;
        _live = live;
        _registry = registry;
        _discovery = discovery;
        _tunnels = tunnels;
        _pinger = pinger;
        Receive<RunTask>(run => Run(run.Task));
        Receive<Ran>(ran => Report(ran.Result));
        Receive<ReportTaskResult>(report => Report(report.Result));
        Receive<PingFinished>(OnPingFinished);
        Receive<PingOverdue>(OnPingOverdue);
        Receive<Reported>(OnReported);
        Receive<ReportFailed>(OnReportFailed);
        Receive<ReportAgain>(again => Send(again.TaskId));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GatewayParts parts, LiveSettings live, IActorRef registry, IActorRef discovery, IActorRef tunnels, IActorRef pinger) =>
        Akka.Actor.Props.Create(() => new TaskRunner(parts, live, registry, discovery, tunnels, pinger));

    /// <summary>A task's work is done: how it ended.</summary>
    private sealed record Ran(TaskResult Result);

    /// <summary>The pinger did not answer the ping task within its deadline.</summary>
    private sealed record PingOverdue(string TaskId);

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
        switch (kind)
        {
            case TaskKind.WebSession:
                _tunnels.Tell(new TunnelManager.Open(task)); // it answers with the result when the tunnel is up, or why not
                break;
            case TaskKind.Ping:
                StartPing(task);
                break;
            case TaskKind.PollNow:
                Pipe(task.Id, PollEveryDeviceAsync(_registry, task.Id));
                break;
            case TaskKind.Rescan:
                Pipe(task.Id, RescanAsync(Context.System, _discovery, _live.Current, task.Id));
                break;
            case TaskKind.SetConfig:
                ApplyConfig(task);
                break;
            case TaskKind.RotateSshKey:
                Pipe(task.Id, RotateSshKeyAsync(_parts, task));
                break;
            default:
                Report(Failed(task.Id, $"unknown task kind '{task.Kind}'{(task.TaskKind == TaskKind.Unspecified ? "" : $" (task_kind {(int)task.TaskKind})")} (this agent knows {TaskKinds.KnownNames})"));
                break;
        }
    }

    /// <summary>The work's result comes back to this actor; a failure of the work is a failed task, in the exception's words.</summary>
    private void Pipe(string taskId, Task<TaskResult> work) =>
        work.PipeTo(Self, success: result => new Ran(result), failure: e => new Ran(Failed(taskId, e.Message)));

    private static TaskResult Failed(string taskId, string message) => new() { TaskId = taskId, Ok = false, Message = message };

    private static TaskResult Done(string taskId, string message) => new() { TaskId = taskId, Ok = true, Message = message };

    /// <summary>The ping's whole result (each probe in <c>TaskResult.ping</c>) comes from the <see cref="Pinger"/>; no answer by the deadline is a failed task.</summary>
    private void StartPing(AgentTask task)
    {
        var request = task.Ping ?? new PingRequest();
        _pings[task.Id] = request;
        Timers.StartSingleTimer(PingKey(task.Id), new PingOverdue(task.Id), PingTask.Deadline(request));
        _pinger.Tell(new RunPing(task.Id, request));
    }

    private void OnPingFinished(PingFinished finished)
    {
        if (_pings.Remove(finished.TaskId))
        {
            Timers.Cancel(PingKey(finished.TaskId));
            Report(PingTask.Result(finished.TaskId, finished.Outcome));
        }
    }

    private void OnPingOverdue(PingOverdue overdue)
    {
        if (_pings.Remove(overdue.TaskId, out var request))
        {
            Report(Failed(overdue.TaskId, $"ping of {request.Target} did not end within {PingTask.Deadline(request).TotalSeconds:F0} s"));
        }
    }

    private static string PingKey(string taskId) => "ping-" + taskId;

    private static async Task<TaskResult> PollEveryDeviceAsync(IActorRef registry, string taskId)
    {
        var known = await registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), AskTimeout).ConfigureAwait(false);
        registry.Tell(new DeviceRegistry.PollAll());
        return Done(taskId, $"polling {known.Devices.Length} devices now");
    }

    private static async Task<TaskResult> RescanAsync(ActorSystem system, IActorRef discovery, CollectorSettings settings, string taskId) =>
        Done(taskId, await ScanAsync(system, discovery, settings).ConfigureAwait(false));

    /// <summary>A discovery of the settings' targets with the first readings, in words.</summary>
    private static async Task<string> ScanAsync(ActorSystem system, IActorRef discovery, CollectorSettings settings)
    {
        var scan = await Scans.Run(system, discovery, settings, []).ConfigureAwait(false);
        int same = scan.Snapshots.Count(s => s.SameIdentityAs is not null);
        string unfinished = scan.Discovery.Unfinished.IsEmpty ? string.Empty : $"; not finished by the deadline: {string.Join(", ", scan.Discovery.Unfinished)}";
        string duplicates = same == 0 ? string.Empty : $" ({same} of them a second address of another)";
        return $"probed {scan.Discovery.Probed} addresses, found {scan.Snapshots.Length} printers{duplicates} in {scan.Discovery.Elapsed.TotalSeconds:F1} s{unfinished}";
    }

    /// <summary>Applies the configuration (in memory: the actors read the live settings at each use); new targets are scanned at once, and the result says what was found.</summary>
    private void ApplyConfig(AgentTask task)
    {
        if (task.Config is null)
        {
            Report(Failed(task.Id, $"{TaskKinds.Name(TaskKind.SetConfig)} without a configuration"));
            return;
        }

        var before = _live.Current;
        var (next, problems) = AgentConfigMapper.Map(task.Config, before);
        if (next is not null)
        {
            problems = _live.Update(next);
        }

        if (next is null || !problems.IsEmpty)
        {
            Report(Failed(task.Id, "configuration refused: " + string.Join("; ", problems)));
            return;
        }

        string applied = $"applied: {next.Targets.Length} targets, {next.Exclusions.Length} exclusions, {next.Profiles.Length} profiles ({string.Join(", ", next.Profiles.Select(p => p.Name))}), poll every {next.PollInterval.TotalSeconds:F0} s, discovery every {next.DiscoveryInterval.TotalSeconds:F0} s";
        if (next.Targets.SequenceEqual(before.Targets))
        {
            Report(Done(task.Id, applied));
            return;
        }

        Pipe(task.Id, RescanAfterAsync(Context.System, _discovery, next, task.Id, applied));
    }

    private static async Task<TaskResult> RescanAfterAsync(ActorSystem system, IActorRef discovery, CollectorSettings settings, string taskId, string applied) =>
        Done(taskId, $"{applied}; new targets scanned: {await ScanAsync(system, discovery, settings).ConfigureAwait(false)}");

    /// <summary>
    /// A new SSH key pair for the tunnels (the old one stops working when the hub takes the new one), and the hub's endpoint
    /// pinned anew: both are files (the key, agent.json), written off the actor.
    /// </summary>
    private static Task<TaskResult> RotateSshKeyAsync(GatewayParts parts, AgentTask task) => Task.Run(() => RotateSshKey(parts, task));

    private static TaskResult RotateSshKey(GatewayParts parts, AgentTask task)
    {
        try
        {
            string publicKey = SshKey.Create(parts.DataDirectory);
            parts.PinSsh(SshHub.From(task.Ssh));
            var pinned = parts.Identity.Ssh;
            var result = Done(task.Id, pinned is null
                ? "new SSH key made (the hub sent no SSH endpoint: Device Web Access is off there)"
                : $"new SSH key made; the hub's sshd {pinned.HostFor(parts.Identity.Hub)}:{pinned.Port} pinned");
            result.SshPublicKey = publicKey;
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(task.Id, $"could not write the new SSH key in {parts.DataDirectory}: {e.Message}");
        }
    }
}
