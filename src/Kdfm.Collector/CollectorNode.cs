using System.Collections.Immutable;
using Akka.Actor;
using Akka.Hosting;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kdfm.Collector;

/// <summary>
/// The collector's actor tree on one node, on a small generic host of its own (the same <c>AddKdfm…</c> registrations as
/// <c>kdfm-collector run</c>): for <c>scan</c>, tests and benchmarks. <see cref="ScanAsync"/> runs a one-shot discovery +
/// first reading on it.
/// </summary>
public sealed class CollectorNode : IAsyncDisposable
{
    private readonly IHost _host;

    private CollectorNode(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        Registry = registry.Get<DeviceRegistry>();
        Discovery = registry.Get<DiscoverySupervisor>();
        Runtime = host.Services.GetRequiredService<CollectorRuntime>();
    }

    public ActorSystem System { get; }

    public CollectorRuntime Runtime { get; }

    public CollectorSettings Settings => Runtime.Settings;

    public IActorRef Registry { get; }

    public IActorRef Discovery { get; }

    /// <summary>
    /// Starts a node; throws <see cref="ArgumentException"/> listing every configuration problem with its key.
    /// With a <paramref name="storePath"/>, devices and readings are persisted in that SQLite file (created on first
    /// use); without one, they live in memory (a one-shot scan).
    /// </summary>
    public static CollectorNode Start(CollectorSettings settings, string? storePath = null) =>
        Start(settings, storePath is null ? StoreSettings.InMemory : StoreSettings.Sqlite(storePath), ClusterSettings.Lone);

    /// <summary>Starts a node on <paramref name="store"/>, a member of <paramref name="cluster"/> (a lone node: <see cref="ClusterSettings.Lone"/>).</summary>
    public static CollectorNode Start(CollectorSettings settings, StoreSettings store, ClusterSettings cluster)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddKdfmCollector(settings, store, cluster);
        var host = builder.Build();
        host.Start();
        return new CollectorNode(host);
    }

    /// <summary>
    /// Discovers the targets and returns a snapshot of every printer found, once each is settled (always: every wait has
    /// a deadline); cancelling returns at once with what was found so far.
    /// </summary>
    public Task<ScanResult> ScanAsync(ImmutableArray<string> targets, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Scans.Run(System, Discovery, Settings, targets, progress, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }
    }
}
