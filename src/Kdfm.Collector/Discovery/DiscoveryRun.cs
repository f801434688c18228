using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// One discovery run, with its own requester, counters and deadline: splits the targets into chunks of
/// <see cref="CollectorSettings.ChunkSize"/> addresses (exclusions removed), gives each chunk a <see cref="RangeScanner"/>
/// and each host name its own (after a bounded name lookup), forwards every printer found to the device registry and to
/// the requester, and ends with one <see cref="DiscoveryCompleted"/>: when every chunk is done, or at the deadline with
/// what it has (the chunks still running are named). It stops with its scanners, and when its requester stops.
/// </summary>
public sealed class DiscoveryRun : ReceiveActor, IWithTimers
{
    /// <summary>The longest a host name lookup may take.</summary>
    public static readonly TimeSpan LookupDeadline = TimeSpan.FromSeconds(10);

    private readonly ImmutableArray<string> _targets;
    private readonly CollectorSettings _settings;
    private readonly SnmpClient _client;
    private readonly ProbeBudget _budget;
    private readonly IActorRef _registry;
    private readonly IActorRef _requester;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly List<string> _running = []; // a list: the same chunk may be named twice by overlapping targets
    private readonly CancellationTokenSource _lookups = new();
    private int _probed;
    private int _found;
    private int _scanners;

    public DiscoveryRun(ImmutableArray<string> targets, CollectorSettings settings, SnmpClient client, ProbeBudget budget, IActorRef registry, IActorRef requester)
    {
        _targets = targets;
        _settings = settings;
        _client = client;
        _budget = budget;
        _registry = registry;
        _requester = requester;
        Receive<DeviceFound>(OnFound);
        Receive<RangeScanned>(OnScanned);
        Receive<HostResolved>(OnResolved);
        Receive<DeadlinePassed>(_ => Complete(timedOut: true));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_requester))
            {
                Context.Stop(Self); // nobody waits for this run any more: its scanners stop with it
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ImmutableArray<string> targets, CollectorSettings settings, SnmpClient client, ProbeBudget budget, IActorRef registry, IActorRef requester) =>
        Akka.Actor.Props.Create(() => new DiscoveryRun(targets, settings, client, budget, registry, requester));

    /// <summary>A name lookup: its IPv4 addresses, or why there are none.</summary>
    private sealed record HostResolved(string Name, ImmutableArray<IPAddress> Addresses, string? Problem);

    private sealed record DeadlinePassed;

    protected override void PreStart()
    {
        if (!_requester.IsNobody() && !_requester.Equals(Context.System.DeadLetters))
        {
            Context.Watch(_requester);
        }

        var exclusions = _settings.Exclusions.Select(AddressRange.Parse).ToList();
        long addresses = 0;
        foreach (var target in _targets)
        {
            if (AddressRange.TryParse(target, out var range, out _))
            {
                addresses += range.Count;
                for (long offset = 0; offset < range.Count; offset += CollectorSettings.ChunkSize)
                {
                    var chunk = new List<IPEndPoint>();
                    for (long i = offset; i < Math.Min(range.Count, offset + CollectorSettings.ChunkSize); i++)
                    {
                        var address = range.At(i);
                        if (!exclusions.Any(e => e.Contains(address)))
                        {
                            chunk.Add(new IPEndPoint(address, _settings.Port));
                        }
                    }

                    Spawn($"{range.At(offset)}+{chunk.Count}", chunk);
                }
            }
            else
            {
                addresses++;
                Lookup(target);
            }
        }

        var deadline = _settings.DiscoveryDeadline(addresses);
        Timers.StartSingleTimer(nameof(DeadlinePassed), new DeadlinePassed(), deadline);
        CompleteIfDone();
    }

    protected override void PostStop()
    {
        _lookups.Cancel();
        _lookups.Dispose();
    }

    private void Lookup(string name)
    {
        _running.Add(name);
        var self = Self;
        var token = _lookups.Token;
        LookupAsync(name, token).PipeTo(self);
    }

    /// <summary>A name lookup that always ends: within <see cref="LookupDeadline"/>, or cancelled with the run.</summary>
    private static async Task<HostResolved> LookupAsync(string name, CancellationToken stop)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(LookupDeadline);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name, AddressFamily.InterNetwork, limit.Token).ConfigureAwait(false);
            return new HostResolved(name, [.. addresses], null);
        }
        catch (SocketException e)
        {
            return new HostResolved(name, [], e.Message);
        }
        catch (ArgumentException e)
        {
            return new HostResolved(name, [], e.Message); // not a name the resolver takes (too long, bad characters)
        }
        catch (OperationCanceledException)
        {
            return new HostResolved(name, [], $"no answer from the name service within {LookupDeadline.TotalSeconds:F0} s");
        }
    }

    private void OnResolved(HostResolved resolved)
    {
        _running.Remove(resolved.Name);
        if (resolved.Problem is not null || resolved.Addresses.IsEmpty)
        {
            _requester.Tell(new TargetFailed(resolved.Name, resolved.Problem ?? "the name has no IPv4 address"));
        }
        else
        {
            Spawn(resolved.Name, [.. resolved.Addresses.Select(a => new IPEndPoint(a, _settings.Port))]);
        }

        CompleteIfDone();
    }

    private void Spawn(string name, IReadOnlyList<IPEndPoint> addresses)
    {
        _running.Add(name);
        Context.ActorOf(RangeScanner.Props(name, addresses, _client, _settings, _budget, Self), $"scan-{++_scanners}");
    }

    private void OnFound(DeviceFound found)
    {
        _found++;
        _requester.Tell(found); // first: a scan knows the address before any reading of it can settle it
        _registry.Tell(found);
    }

    private void OnScanned(RangeScanned scanned)
    {
        _running.Remove(scanned.Range);
        _probed += scanned.Probed;
        _requester.Tell(scanned);
        CompleteIfDone();
    }

    private void CompleteIfDone()
    {
        if (_running.Count == 0)
        {
            Complete(timedOut: false);
        }
    }

    private void Complete(bool timedOut)
    {
        var unfinished = _running.Order(StringComparer.Ordinal).ToImmutableArray();
        if (timedOut)
        {
            _log.Warning("Discovery stopped at its deadline after {0:F0} s; not finished: {1}", _elapsed.Elapsed.TotalSeconds, string.Join(", ", unfinished));
        }

        _requester.Tell(new DiscoveryCompleted(_probed, _found, _elapsed.Elapsed, unfinished));
        Context.Stop(Self);
    }
}
