using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Kdfm.Agent.V1;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The gateway's Device Web Access tunnels (DESIGN.md): takes web-session tasks from the <see cref="TaskRunner"/>, checks
/// what they ask, and runs one <see cref="Tunnel"/> child a session. The task's result goes back to the sender of the
/// task (<see cref="ReportTaskResult"/>) when the tunnel is up, or why it could not open. The open tunnels go into the
/// agent's status.
/// </summary>
public sealed class TunnelManager : ReceiveActor
{
    /// <summary>Tunnels one agent keeps open at once; the hub has its own caps per agent and per tenant.</summary>
    public const int MaxTunnels = 16;

    private readonly GatewayParts _parts;
    private readonly GatewaySettings _settings;
    private readonly LiveSettings _live;
    private readonly IActorRef _registry;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _tunnels = [];
    private readonly HashSet<string> _up = [];

    public TunnelManager(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry)
    {
        _parts = parts;
        _settings = settings;
        _live = live;
        _registry = registry;
        ReceiveAsync<Open>(OnOpen);
        Receive<TunnelUp>(up =>
        {
            _up.Add(up.SessionId);
            Publish();
        });
        Receive<TunnelDown>(down =>
        {
            _up.Remove(down.SessionId);
            Publish();
        });
        Receive<Terminated>(t =>
        {
            string? id = _tunnels.FirstOrDefault(p => p.Value.Equals(t.ActorRef)).Key;
            if (id is not null)
            {
                _tunnels.Remove(id);
                _up.Remove(id);
                Publish();
            }
        });
    }

    public static Props Props(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new TunnelManager(parts, settings, live, registry));

    /// <summary>A web-session task from the hub; its result goes to the sender.</summary>
    public sealed record Open(AgentTask Task);

    /// <summary>From a tunnel: its forward is up.</summary>
    public sealed record TunnelUp(string SessionId);

    /// <summary>From a tunnel: its connection dropped (it is connecting again).</summary>
    public sealed record TunnelDown(string SessionId);

    protected override void PreStart() => _parts.Status.Update(s => s with { StartedAt = DateTimeOffset.UtcNow, WebSessions = [] });

    private async Task OnOpen(Open open)
    {
        var replyTo = Sender;
        var task = open.Task;
        var session = task.WebSession;
        var identity = _parts.Identity;
        string? refusal = session is null ? "a web-session task without its session"
            : identity.Ssh is null ? "this agent has no SSH endpoint of the hub pinned (activated when the hub had Device Web Access off): run a rotate-ssh-key task"
            : !SshKey.Exists(_parts.DataDirectory) ? $"this agent has no SSH key ({SshKey.PathIn(_parts.DataDirectory)}): run a rotate-ssh-key task"
            : session.Port is < 1 or > 65535 || session.ListenPort is < 1 or > 65535 ? $"ports out of range (device {session.Port}, hub {session.ListenPort})"
            : !_settings.WebAccessPortSet.Contains(session.Port) ? $"port {session.Port} is not one this collector opens (Collector:Gateway:WebAccessPorts: {_settings.WebAccessPorts})"
            : _tunnels.ContainsKey(session.Id) ? null
            : _tunnels.Count >= MaxTunnels ? $"this agent has {MaxTunnels} tunnels open already"
            : DateTimeOffset.FromUnixTimeMilliseconds(session.ExpiresAtUnixMs) <= DateTimeOffset.UtcNow ? "the session has expired already"
            : null;
        if (refusal is not null)
        {
            Report(replyTo, task.Id, false, refusal);
            return;
        }

        if (_tunnels.ContainsKey(session!.Id))
        {
            return; // the same task handed out again: its tunnel is on its way
        }

        var (target, problem) = await TargetOfAsync(session).ConfigureAwait(true);
        if (target is null)
        {
            Report(replyTo, task.Id, false, problem!);
            return;
        }

        string taskId = task.Id;
        var tunnel = Context.ActorOf(Tunnel.Props(session, target, identity.Ssh!, identity.Hub, SshKey.PathIn(_parts.DataDirectory),
            (_, ok, message) => Report(replyTo, taskId, ok, message)), "session-" + Uri.EscapeDataString(session.Id));
        Context.Watch(tunnel);
        _tunnels[session.Id] = tunnel;
    }

    /// <summary>
    /// Where the device is: this collector's own address for the device key (it moves with DHCP); else, with
    /// WebAccessInsideTargets, the hub's address if it lies inside the targets; anything else is refused.
    /// </summary>
    private async Task<(string? Target, string? Problem)> TargetOfAsync(WebSession session)
    {
        var known = await _registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10)).ConfigureAwait(true);
        if (known.Devices.FirstOrDefault(d => d.Key == session.DeviceKey) is { } device)
        {
            return (device.EndPoint.Address.ToString(), null);
        }

        if (_settings.WebAccessInsideTargets && IPAddress.TryParse(session.Address, out var address) && InsideTargets(address, _live.Current.Targets))
        {
            return (address.ToString(), null);
        }

        return (null, _settings.WebAccessInsideTargets
            ? $"device {session.DeviceKey} at '{session.Address}' is neither a device this collector polls nor an address inside its targets: no tunnel"
            : $"device {session.DeviceKey} is not a device this collector polls: no tunnel");
    }

    /// <summary>Whether the address lies in one of the targets that are addresses or ranges (host names are not resolved here).</summary>
    public static bool InsideTargets(IPAddress address, ImmutableArray<string> targets) =>
        targets.Any(t => AddressRange.TryParse(t, out var range, out _) && range.Contains(address));

    /// <summary>Also called by a tunnel, from its own thread: it only logs and tells.</summary>
    private void Report(IActorRef replyTo, string taskId, bool ok, string message)
    {
        if (!ok)
        {
            _log.Warning("Web session task {0} failed: {1}", taskId, message);
        }

        replyTo.Tell(new ReportTaskResult(new TaskResult { TaskId = taskId, Ok = ok, Message = message }));
    }

    private void Publish()
    {
        var open = _up.Order(StringComparer.Ordinal).ToImmutableArray();
        _parts.Status.Update(s => s with { WebSessions = open });
    }
}
