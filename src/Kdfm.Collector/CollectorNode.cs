using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Polling;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector;

/// <summary>
/// The collector's actor tree on one node: the device registry and the discovery supervisor over one shared SNMP
/// client and probe budget (DESIGN.md). <see cref="ScanAsync"/> runs a one-shot discovery + first reading on it.
/// </summary>
public sealed class CollectorNode : IAsyncDisposable
{
    private readonly ProbeBudget _budget;
    private readonly ReadGate _gate;

    private CollectorNode(ActorSystem system, SnmpClient client, ProbeBudget budget, CollectorSettings settings)
    {
        System = system;
        Client = client;
        _budget = budget;
        Settings = settings;
        // A reading is a handful of requests; a quarter of the probe concurrency keeps discovery's probes flowing.
        _gate = new ReadGate(Math.Max(8, settings.Concurrency / 4));
        Registry = system.ActorOf(DeviceRegistry.Props(client, _gate, settings, TimeProvider.System), "devices");
        Discovery = system.ActorOf(DiscoverySupervisor.Props(settings, client, budget, Registry), "discovery");
    }

    public ActorSystem System { get; }

    public SnmpClient Client { get; }

    public CollectorSettings Settings { get; }

    public IActorRef Registry { get; }

    public IActorRef Discovery { get; }

    /// <summary>
    /// Starts a node; throws <see cref="ArgumentException"/> listing every configuration problem with its key.
    /// With a <paramref name="storePath"/>, devices and readings are persisted in that SQLite file (created on first
    /// use); without one, they live in memory (a one-shot scan).
    /// </summary>
    public static CollectorNode Start(CollectorSettings settings, string? storePath = null, Config? config = null)
    {
        var problems = settings.Validate();
        if (!problems.IsEmpty)
        {
            throw new ArgumentException("bad configuration: " + string.Join("; ", problems), nameof(settings));
        }

        if (storePath is not null)
        {
            PrepareStore(storePath);
        }

        var persistence = storePath is null ? CollectorConfig.InMemoryStore : CollectorConfig.SqliteStore(storePath);
        var system = ActorSystem.Create("kdfm-collector", (config ?? Config.Empty).WithFallback(persistence).WithFallback(CollectorConfig.Defaults));
        return new CollectorNode(system, new SnmpClient(), new ProbeBudget(settings.Concurrency, settings.PacketsPerSecond), settings);
    }

    /// <summary>
    /// Write-ahead logging for the store (a setting kept in the file): readers such as <c>devices</c> do not block the
    /// writer, and thousands of small appends a minute cost far less than with a rollback journal.
    /// </summary>
    private static void PrepareStore(string storePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(storePath))!);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.GetFullPath(storePath)}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>Discovers the targets and returns a snapshot of every printer found, once each has been read.</summary>
    public Task<ScanResult> ScanAsync(ImmutableArray<string> targets, IProgress<ScanProgress>? progress = null)
    {
        long total = targets.Sum(t => AddressRange.TryParse(t, out var r, out _) ? r.Count : 1);
        var completion = new TaskCompletionSource<ScanResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        System.ActorOf(ScanCoordinator.Props(Discovery, targets, total, progress, completion), $"scan-{Guid.NewGuid():N}");
        return completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
        _budget.Dispose();
        _gate.Dispose();
    }
}
