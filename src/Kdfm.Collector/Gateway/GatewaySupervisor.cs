using Akka.Actor;
using Kdfm.Collector.Configuration;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The gateway actors (DESIGN.md): the status writer, the outbox, the hub poller, the task runner, the MQTT session, the
/// tunnels and the pinger, each restarted alone if it fails. None of them can stop collection: the device actors never
/// wait for the hub.
/// </summary>
public sealed class GatewaySupervisor : ReceiveActor
{
    public GatewaySupervisor(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry, IActorRef discovery, Icmp.IEchoSender echo)
    {
        Context.ActorOf(StatusWriter.Props(parts.Status, parts.DataDirectory), "status"); // first: it writes what changed before it
        var outbox = Context.ActorOf(Outbox.Props(parts.Hub, parts.Journal, parts.Status, settings.KeepAcknowledged), "outbox");
        var tunnels = Context.ActorOf(TunnelManager.Props(parts, settings, live, registry), "tunnels");
        var pinger = Context.ActorOf(Pinger.Props(echo), "pinger");
        var tasks = Context.ActorOf(TaskRunner.Props(parts, live, registry, discovery, tunnels, pinger), "tasks");
        var poller = Context.ActorOf(HubPoller.Props(parts, settings, live, registry, outbox, tasks), "hub-poller");
        if (settings.MqttUri(parts.Identity.Hub) is { } mqtt)
        {
            Context.ActorOf(MqttSession.Props(mqtt, parts.Identity, parts.Status, poller, settings.MqttPin), "mqtt");
        }

        ReceiveAny(message => poller.Forward(message));
    }

    public static Props Props(GatewayParts parts, GatewaySettings settings, LiveSettings live, IActorRef registry, IActorRef discovery, Icmp.IEchoSender echo) =>
        Akka.Actor.Props.Create(() => new GatewaySupervisor(parts, settings, live, registry, discovery, echo));
}

/// <summary>
/// What the gateway actors share: the identity, the gRPC connection (<paramref name="hub"/>, else a channel to the
/// identity's hub), the outbox's journal view and the status.
/// </summary>
public sealed class GatewayParts(AgentIdentity identity, string dataDirectory, string storePath, HubConnection? hub = null) : IDisposable
{
    private AgentIdentity _identity = identity;

    /// <summary>The identity now: a rotate-ssh-key task pins the hub's SSH endpoint anew.</summary>
    public AgentIdentity Identity => Volatile.Read(ref _identity);

    public string DataDirectory { get; } = dataDirectory;

    public HubConnection Hub { get; } = hub ?? new(identity.Hub, identity.Pin, identity);

    public JournalOutbox Journal { get; } = new(storePath);

    public GatewayStatus Status { get; } = new(TimeProvider.System);

    /// <summary>Pins the hub's SSH endpoint (a rotate-ssh-key task), in memory and in agent.json.</summary>
    public void PinSsh(SshHub? ssh)
    {
        var next = Identity with { Ssh = ssh ?? Identity.Ssh };
        next.Save(DataDirectory);
        Volatile.Write(ref _identity, next);
    }

    public void Dispose() => Hub.Dispose();
}
