using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// Starts a <see cref="DiscoveryRun"/> child for every <see cref="StartDiscovery"/>: runs asked for while another is
/// going (a set-config, a rescan task, the periodic discovery, a scan) each have their own requester, counters and
/// deadline, and share the probe budget. A run that fails is stopped, never restarted (its requester has a deadline).
/// </summary>
public sealed class DiscoverySupervisor : ReceiveActor
{
    private readonly LiveSettings _live;
    private readonly SnmpClient _client;
    private readonly ProbeBudget _budget;
    private readonly IActorRef _registry;
    private long _runs;

    public DiscoverySupervisor(LiveSettings settings, SnmpClient client, ProbeBudget budget, IActorRef registry)
    {
        _live = settings;
        _client = client;
        _budget = budget;
        _registry = registry;
        Receive<StartDiscovery>(OnStart);
    }

    public static Props Props(LiveSettings settings, SnmpClient client, ProbeBudget budget, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new DiscoverySupervisor(settings, client, budget, registry));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void OnStart(StartDiscovery start)
    {
        // The settings in force when the run starts: a set-config during the run applies to the next one.
        var settings = _live.Current;
        var targets = start.Targets.IsDefaultOrEmpty ? settings.Targets : start.Targets;
        Context.ActorOf(DiscoveryRun.Props(targets, settings, _client, _budget, _registry, Sender), $"run-{++_runs}");
    }
}
