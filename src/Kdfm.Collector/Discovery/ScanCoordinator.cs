using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Kdfm.Collector.Devices;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// A one-shot scan over the long-running actors: starts a discovery run, follows the event stream until every printer
/// found has its first reading (or failed to give one), then completes the result.
/// </summary>
public sealed class ScanCoordinator : ReceiveActor
{
    private readonly IActorRef _discovery;
    private readonly ImmutableArray<string> _targets;
    private readonly long _total;
    private readonly IProgress<ScanProgress>? _progress;
    private readonly TaskCompletionSource<ScanResult> _completion;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly HashSet<IPEndPoint> _found = [];
    private readonly Dictionary<IPEndPoint, DeviceSnapshot> _snapshots = [];
    private readonly Dictionary<IPEndPoint, DeviceUnreadable> _unreadable = [];
    private readonly List<TargetFailed> _failedTargets = [];
    private DiscoveryCompleted? _discovered;
    private int _probed;

    public ScanCoordinator(IActorRef discovery, ImmutableArray<string> targets, long total, IProgress<ScanProgress>? progress, TaskCompletionSource<ScanResult> completion)
    {
        _discovery = discovery;
        _targets = targets;
        _total = total;
        _progress = progress;
        _completion = completion;
        Receive<DeviceFound>(f => _found.Add(f.EndPoint));
        Receive<RangeScanned>(r =>
        {
            _probed += r.Probed;
            Report();
        });
        Receive<TargetFailed>(_failedTargets.Add);
        Receive<DiscoveryCompleted>(d =>
        {
            _discovered = d;
            FinishIfDone();
        });
        Receive<DevicePolled>(p =>
        {
            if (_found.Contains(p.EndPoint))
            {
                _snapshots[p.EndPoint] = p.Snapshot with { Address = p.EndPoint.Address.ToString() };
                Report();
                FinishIfDone();
            }
        });
        Receive<DeviceUnreadable>(u =>
        {
            _unreadable[u.EndPoint] = u;
            FinishIfDone();
        });
    }

    public static Props Props(IActorRef discovery, ImmutableArray<string> targets, long total, IProgress<ScanProgress>? progress, TaskCompletionSource<ScanResult> completion) =>
        Akka.Actor.Props.Create(() => new ScanCoordinator(discovery, targets, total, progress, completion));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DevicePolled));
        Context.System.EventStream.Subscribe(Self, typeof(DeviceUnreadable));
        _discovery.Tell(new StartDiscovery(_targets));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Report() =>
        _progress?.Report(new ScanProgress(_probed, (int)Math.Min(int.MaxValue, _total), _found.Count, _snapshots.Count, _elapsed.Elapsed));

    private void FinishIfDone()
    {
        if (_discovered is null || _found.Any(f => !_snapshots.ContainsKey(f) && !_unreadable.ContainsKey(f)))
        {
            return;
        }

        Report();
        var snapshots = _snapshots.OrderBy(p => Kdfm.Snmp.Addressing.AddressRange.ToUInt32(p.Key.Address)).Select(p => p.Value).ToImmutableArray();
        _completion.TrySetResult(new ScanResult(snapshots, [.. _unreadable.Values], [.. _failedTargets], _discovered with { Elapsed = _elapsed.Elapsed }));
        Context.Stop(Self);
    }
}
