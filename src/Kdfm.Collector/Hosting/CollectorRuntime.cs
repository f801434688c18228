using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Icmp;
using Kdfm.Collector.Polling;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Hosting;

/// <summary>
/// What the collector's actors share on one node: the settings, one SNMP client (one socket per address family),
/// the probe budget of discovery, the gate on device readings in flight and the ICMP echo sender. A DI singleton, disposed with the host.
/// </summary>
public sealed class CollectorRuntime : IAsyncDisposable
{
    public CollectorRuntime(CollectorSettings settings, TimeProvider? clock = null, IEchoSender? echo = null)
    {
        Echo = echo ?? SystemEcho.Shared;
        Live = new LiveSettings(settings);
        Clock = clock ?? TimeProvider.System;
        Client = new SnmpClient();
        Budget = new ProbeBudget(settings.Concurrency, settings.PacketsPerSecond);
        // A reading is a handful of requests; a quarter of the probe concurrency keeps discovery's probes flowing.
        Gate = new ReadGate(Math.Max(8, settings.Concurrency / 4));
    }

    /// <summary>The settings in force, which a set-config task from the hub may replace.</summary>
    public LiveSettings Live { get; }

    public CollectorSettings Settings => Live.Current;

    public TimeProvider Clock { get; }

    public SnmpClient Client { get; }

    public ProbeBudget Budget { get; }

    public ReadGate Gate { get; }

    /// <summary>ICMP echo requests: ping tasks and the automatic ping of devices that stop answering.</summary>
    public IEchoSender Echo { get; }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        Budget.Dispose();
        Gate.Dispose();
    }
}
