using System.Collections.Immutable;
using Akka.Actor;
using Akka.Hosting;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Hosting;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kdfm.Collector.Host.Service;

/// <summary>
/// The long-running collector: the actor tree on its store, a discovery now (unless the store already knows devices,
/// whose polling resumes at once) and then every discovery interval; device events go to the log.
/// </summary>
internal sealed class CollectorService(ActorSystem system, ActorRegistry actors, CollectorRuntime runtime, CollectorOptions options, ILogger<CollectorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string store = Path.Combine(options.DataDirectory, "collector.db");
        var registry = await actors.GetAsync<DeviceRegistry>(stoppingToken).ConfigureAwait(false);
        var discovery = await actors.GetAsync<DiscoverySupervisor>(stoppingToken).ConfigureAwait(false);
        system.ActorOf(Props.Create(() => new EventLogger(logger)), "event-log");
        var known = await registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(30), stoppingToken).ConfigureAwait(false);
        var settings = runtime.Settings;
        logger.LogInformation("Collector started: store {Store}, {Known} known devices, {Targets} targets", store, known.Devices.Length, settings.Targets.Length);
        logger.LogInformation(actors.TryGet<GatewaySupervisor>(out _)
            ? "Gateway on: readings go to the hub (kdfm-collector status shows the link)"
            : "Not activated: readings stay in the local store (kdfm-collector activate --hub URL --code CODE)");
        if (settings.Targets.IsEmpty)
        {
            logger.LogWarning("No targets: set Collector:Targets (CIDR blocks, ranges, addresses or host names) to discover printers");
        }

        bool discoverNow = known.Devices.IsEmpty;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // The settings in force: a set-config task from the hub may have changed targets and intervals.
                settings = runtime.Settings;
                if (discoverNow && !settings.Targets.IsEmpty)
                {
                    var scan = await Scans.Run(system, discovery, settings, settings.Targets, cancellationToken: stoppingToken).ConfigureAwait(false);
                    if (scan.Interrupted)
                    {
                        break;
                    }

                    logger.LogInformation("Discovery probed {Probed} addresses and found {Found} printers ({SameIdentity} of them a second address of another) in {Seconds:F1} s",
                        scan.Discovery.Probed, scan.Snapshots.Length, scan.Snapshots.Count(s => s.SameIdentityAs is not null), scan.Discovery.Elapsed.TotalSeconds);
                    if (!scan.Discovery.Unfinished.IsEmpty)
                    {
                        logger.LogWarning("Discovery reached its deadline before finishing {Unfinished}: the next discovery tries again",
                            string.Join(", ", scan.Discovery.Unfinished));
                    }
                }

                discoverNow = true;
                await Task.Delay(runtime.Settings.DiscoveryInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Collector stopping");
        }
    }

    /// <summary>Device events into the log: Warning = degraded but handled, Information = lifecycle, Debug = per poll.</summary>
    private sealed class EventLogger : ReceiveActor
    {
        public EventLogger(ILogger logger)
        {
            Receive<DevicePolled>(e => logger.LogDebug("Polled {Key} at {Address}", e.Key, e.EndPoint));
            Receive<DeviceWentDown>(e => logger.LogWarning("{Key} at {Address} stopped answering", e.Key, e.EndPoint));
            Receive<DevicePinged>(e => logger.LogWarning("{Key} at {Address} does not answer SNMP; ping: {Reachability}", e.Key, e.EndPoint, e.Reachability));
            Receive<CounterWentBackwards>(e => logger.LogWarning("{Key}: counter {Counter} went back from {Previous} to {Current}", e.Key, e.Counter, e.Previous, e.Current));
            Receive<DeviceMoved>(e => logger.LogInformation("{Key} moved from {From} to {To}", e.Key, e.From, e.To));
            Receive<DeviceUnreadable>(e => logger.LogWarning("{Address} answered discovery but could not be read: {Reason}", e.EndPoint, e.Failure.Describe()));
            Receive<SameIdentityFound>(e =>
            {
                if (e.FirstReport)
                {
                    logger.LogWarning("Same identity at two addresses: {Other} answers as {Key}, which is polled at {Primary} (two interfaces, or a cloned configuration); the second address is not polled",
                        e.Other.Address, e.Key, e.Primary.Address);
                }
            });
            Receive<AnotherDeviceAnswered>(e => logger.LogInformation("{Key}: another device ({Other}) answers at {Address} now; the device counts failed polls until it is found elsewhere",
                e.Key, e.OtherKey, e.EndPoint));
        }

        protected override void PreStart()
        {
            foreach (var type in new[] { typeof(DevicePolled), typeof(DeviceWentDown), typeof(DevicePinged), typeof(CounterWentBackwards), typeof(DeviceMoved), typeof(DeviceUnreadable), typeof(SameIdentityFound), typeof(AnotherDeviceAnswered) })
            {
                Context.System.EventStream.Subscribe(Self, type);
            }
        }
    }
}
