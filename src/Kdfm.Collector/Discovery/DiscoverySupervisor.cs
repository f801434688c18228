using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// Splits the targets into chunks of <see cref="CollectorSettings.ChunkSize"/> addresses (exclusions removed), gives each
/// chunk a <see cref="RangeScanner"/> and each host name its own, forwards what they find to the device registry and
/// to whoever asked, and says when the whole run is done. A scanner that fails is restarted alone.
/// </summary>
public sealed class DiscoverySupervisor : ReceiveActor
{
    private readonly LiveSettings _live;

    /// <summary>The settings in force now (the hub may change them).</summary>
    private CollectorSettings Settings => _live.Current;
    private readonly SnmpClient _client;
    private readonly ProbeBudget _budget;
    private readonly IActorRef _registry;
    private readonly Stopwatch _elapsed = new();
    private IActorRef _requester = ActorRefs.Nobody;
    private int _outstanding;
    private int _probed;
    private int _found;
    private int _run;

    public DiscoverySupervisor(LiveSettings settings, SnmpClient client, ProbeBudget budget, IActorRef registry)
    {
        _live = settings;
        _client = client;
        _budget = budget;
        _registry = registry;
        Receive<StartDiscovery>(OnStart);
        Receive<DeviceFound>(OnFound);
        Receive<RangeScanned>(OnScanned);
        Receive<HostResolved>(OnResolved);
    }

    public static Props Props(LiveSettings settings, SnmpClient client, ProbeBudget budget, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new DiscoverySupervisor(settings, client, budget, registry));

    private sealed record HostResolved(string Name, IPAddress[] Addresses, string? Error);

    private void OnStart(StartDiscovery start)
    {
        _requester = Sender;
        _run++;
        _probed = _found = 0;
        _elapsed.Restart();
        var exclusions = Settings.Exclusions.Select(AddressRange.Parse).ToList();
        var targets = start.Targets.IsDefaultOrEmpty ? Settings.Targets : start.Targets;
        foreach (var target in targets)
        {
            if (AddressRange.TryParse(target, out var range, out _))
            {
                for (long offset = 0; offset < range.Count; offset += CollectorSettings.ChunkSize)
                {
                    var chunk = new List<IPEndPoint>();
                    for (long i = offset; i < Math.Min(range.Count, offset + CollectorSettings.ChunkSize); i++)
                    {
                        var address = range.At(i);
                        if (!exclusions.Any(e => e.Contains(address)))
                        {
                            chunk.Add(new IPEndPoint(address, Settings.Port));
                        }
                    }

                    Spawn($"{range.At(offset)}+{chunk.Count}", chunk);
                }
            }
            else
            {
                _outstanding++;
                var self = Self;
                Dns.GetHostAddressesAsync(target).ContinueWith(
                    t => t.IsCompletedSuccessfully
                        ? new HostResolved(target, t.Result.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray(), null)
                        : new HostResolved(target, [], t.Exception?.GetBaseException().Message ?? "cancelled"),
                    TaskScheduler.Default).PipeTo(self);
            }
        }

        FinishIfDone();
    }

    private void OnResolved(HostResolved resolved)
    {
        _outstanding--;
        if (resolved.Error is not null || resolved.Addresses.Length == 0)
        {
            _requester.Tell(new TargetFailed(resolved.Name, resolved.Error ?? "the name has no IPv4 address"));
        }
        else
        {
            Spawn(resolved.Name, resolved.Addresses.Select(a => new IPEndPoint(a, Settings.Port)).ToList());
        }

        FinishIfDone();
    }

    private void Spawn(string name, IReadOnlyList<IPEndPoint> addresses)
    {
        _outstanding++;
        Context.ActorOf(RangeScanner.Props(name, addresses, _client, Settings, _budget, Self), $"scan-{_run}-{Uri.EscapeDataString(name)}");
    }

    private void OnFound(DeviceFound found)
    {
        _found++;
        _registry.Tell(found);
        _requester.Tell(found);
    }

    private void OnScanned(RangeScanned scanned)
    {
        _outstanding--;
        _probed += scanned.Probed;
        _requester.Tell(scanned);
        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (_outstanding == 0)
        {
            _requester.Tell(new DiscoveryCompleted(_probed, _found, _elapsed.Elapsed));
        }
    }
}
