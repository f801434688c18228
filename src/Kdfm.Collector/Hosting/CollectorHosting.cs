using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Kdfm.Collector.Cluster;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Collector.Hosting;

/// <summary>
/// The collector's features as Akka.Hosting registrations, each by its own call (DESIGN.md):
/// <c>AddKdfmDefaults</c> (the embedded hocon), <c>AddKdfmStore</c> (journal in SQLite or in memory),
/// <c>AddKdfmDevices</c> (the device registry, key <see cref="DeviceRegistry"/>) and <c>AddKdfmDiscovery</c>
/// (the discovery supervisor, key <see cref="DiscoverySupervisor"/>). <see cref="AddKdfmCollector"/> adds them all.
/// </summary>
public static class CollectorHosting
{
    public const string SystemName = "kdfm-collector";

    /// <summary>
    /// The collector on a generic host: validates the settings (an <see cref="ArgumentException"/> lists every problem
    /// with its key), registers <see cref="CollectorRuntime"/> and the actor system with every feature.
    /// <paramref name="configure"/> adds more (the gateway, logging) after them.
    /// </summary>
    public static IServiceCollection AddKdfmCollector(this IServiceCollection services, CollectorSettings settings, string? storePath,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null) =>
        services.AddKdfmCollector(settings, storePath is null ? StoreSettings.InMemory : StoreSettings.Sqlite(storePath), ClusterSettings.Lone, configure);

    /// <summary>
    /// The collector on a node of a cluster (a lone node by default) with its store: validates the settings, the cluster and
    /// the store together (an <see cref="ArgumentException"/> lists every problem with its key).
    /// </summary>
    public static IServiceCollection AddKdfmCollector(this IServiceCollection services, CollectorSettings settings, StoreSettings store, ClusterSettings cluster,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        var problems = settings.Validate().AddRange(cluster.Validate()).AddRange(store.Validate(cluster));
        if (!problems.IsEmpty)
        {
            throw new ArgumentException("bad configuration: " + string.Join("; ", problems), nameof(settings));
        }

        services.AddSingleton(settings);
        services.AddSingleton(_ => new CollectorRuntime(settings));
        return services.AddAkka(SystemName, (builder, provider) =>
        {
            builder.AddKdfmDefaults().AddKdfmCluster(cluster, SystemName).AddKdfmStore(store).AddKdfmDevices().AddKdfmDiscovery();
            configure?.Invoke(builder, provider);
        });
    }

    /// <summary>The embedded Akka.NET defaults (hocon/kdfm-collector.conf), below anything else given.</summary>
    public static AkkaConfigurationBuilder AddKdfmDefaults(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(CollectorConfig.Defaults, HoconAddMode.Append);

    /// <summary>Journal and snapshots in a SQLite file (WAL mode), in PostgreSQL, or in memory.</summary>
    public static AkkaConfigurationBuilder AddKdfmStore(this AkkaConfigurationBuilder builder, StoreSettings store)
    {
        switch (store.Provider)
        {
            case StoreProvider.Sqlite:
                CollectorConfig.PrepareStore(store.Path!);
                return builder.AddHocon(CollectorConfig.SqliteStore(store.Path!), HoconAddMode.Prepend);
            case StoreProvider.PostgreSql:
                return builder.AddHocon(CollectorConfig.PostgreSqlStore(store.ConnectionString!.RevealText()), HoconAddMode.Prepend);
            default:
                return builder.AddHocon(CollectorConfig.InMemoryStore, HoconAddMode.Prepend);
        }
    }

    /// <summary>
    /// The devices: one sharded entity per device (<see cref="DeviceShards"/>), spread over the cluster's nodes, and the
    /// persistent registry as a cluster singleton (key <see cref="DeviceRegistry"/>: the proxy, usable from any node). The
    /// proxy comes first, so that entities always have it, then the region, then the singleton that addresses the region.
    /// </summary>
    public static AkkaConfigurationBuilder AddKdfmDevices(this AkkaConfigurationBuilder builder) =>
        builder
            // The proxy's "failed to find the singleton" warning fires at every membership change, even on a lone node
            // that is starting or stopping (on stdout, which `scan --format json` owns): off. A registry that is really
            // missing shows anyway (devices and discovery get no answer, and say so).
            .WithSingletonProxy<DeviceRegistry>(DeviceRegistry.SingletonName, new ClusterSingletonOptions { LogSingletonIdentificationFailure = false })
            .WithShardRegion<DeviceShards>(DeviceShards.TypeName, (_, registry, resolver) =>
            {
                var runtime = resolver.GetService<CollectorRuntime>();
                var devices = registry.Get<DeviceRegistry>();
                return key => DeviceActor.Entity(key, devices, runtime.Client, runtime.Gate, runtime.Live, runtime.Clock, runtime.Echo);
            }, new DeviceShards(), DeviceShards.Options)
            .WithSingleton<DeviceRegistry.Singleton>(DeviceRegistry.SingletonName, (_, registry, resolver) =>
            {
                var runtime = resolver.GetService<CollectorRuntime>();
                return DeviceRegistry.Props(runtime.Client, runtime.Gate, runtime.Live, runtime.Clock, registry.Get<DeviceShards>());
            }, new ClusterSingletonOptions(), createProxyToo: false);

    /// <summary>Starts a part of the collector under the <see cref="CollectorSupervisor"/> (made by the first part that needs it).</summary>
    private static Task<IActorRef> StartAsync(ActorSystem system, IActorRegistry registry, Props props, string name)
    {
        if (!registry.TryGet<CollectorSupervisor>(out var supervisor))
        {
            supervisor = system.ActorOf(Props.Create<CollectorSupervisor>(), "collector");
            registry.Register<CollectorSupervisor>(supervisor);
        }

        return supervisor.Ask<IActorRef>(new CollectorSupervisor.StartChild(props, name), TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The gateway to the hub (outbox, gRPC poll loop, MQTT session) for an activated installation. Needs a store: the
    /// outbox is the journal. Registered under the key <see cref="GatewaySupervisor"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddKdfmGateway(this AkkaConfigurationBuilder builder, AgentIdentity identity, GatewaySettings settings, string dataDirectory, StoreSettings store) =>
        builder.WithActors(async (system, registry, resolver) =>
        {
            string storePath = store.Provider == StoreProvider.Sqlite ? store.Path! : throw new NotSupportedException("the gateway reads a SQLite store only so far");
            var runtime = resolver.GetService<CollectorRuntime>();
            var parts = new GatewayParts(identity, dataDirectory, storePath);
            parts.Status.Update(s => s with { Hub = identity.Hub.ToString(), AgentId = identity.AgentId });
            system.RegisterOnTermination(parts.Dispose);
            registry.Register<GatewaySupervisor>(await StartAsync(system, registry,
                GatewaySupervisor.Props(parts, settings, runtime.Live, registry.Get<DeviceRegistry>(), registry.Get<DiscoverySupervisor>(), runtime.Echo), "gateway").ConfigureAwait(false));
        });

    /// <summary>The discovery supervisor (one range scanner per chunk, on demand); what it finds goes to the registry.</summary>
    public static AkkaConfigurationBuilder AddKdfmDiscovery(this AkkaConfigurationBuilder builder) =>
        builder.WithActors(async (system, registry, resolver) =>
        {
            var runtime = resolver.GetService<CollectorRuntime>();
            var devices = registry.Get<DeviceRegistry>();
            registry.Register<DiscoverySupervisor>(await StartAsync(system, registry,
                DiscoverySupervisor.Props(runtime.Live, runtime.Client, runtime.Budget, devices), "discovery").ConfigureAwait(false));
        });
}
