using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// A one-shot scan over the long-running actors: starts a discovery run, then follows the event stream until every
/// printer found is settled: read (<see cref="DevicePolled"/>), a second address of a device read elsewhere
/// (<see cref="SameIdentityFound"/>), or unreadable (<see cref="DeviceUnreadable"/>, <see cref="PollFailed"/>). Every wait
/// has a deadline: the discovery run's own (plus a margin, should the run never report), and, once discovery is done, a
/// stall limit on the readings (no printer settled for two reading deadlines). <see cref="FinishNow"/> ends it at once
/// with what it has (Ctrl+C). Stopping the coordinator stops its discovery run.
/// </summary>
public sealed class ScanCoordinator : ReceiveActor, IWithTimers
{
    private readonly IActorRef _discovery;
    private readonly ImmutableArray<string> _targets;
    private readonly long _total;
    private readonly CollectorSettings _settings;
    private readonly IProgress<ScanProgress>? _progress;
    private readonly TaskCompletionSource<ScanResult> _completion;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly HashSet<IPEndPoint> _found = [];
    private readonly Dictionary<IPEndPoint, DeviceSnapshot> _snapshots = [];
    private readonly Dictionary<IPEndPoint, DeviceUnreadable> _unreadable = [];
    private readonly List<TargetFailed> _failedTargets = [];
    private DiscoveryCompleted? _discovered;
    private int _probed;

    public ScanCoordinator(IActorRef discovery, ImmutableArray<string> targets, long total, CollectorSettings settings, IProgress<ScanProgress>? progress,
        TaskCompletionSource<ScanResult> completion)
    {
        _discovery = discovery;
        _targets = targets;
        _total = total;
        _settings = settings;
        _progress = progress;
        _completion = completion;
        Receive<DeviceFound>(f => _found.Add(f.EndPoint));
        Receive<RangeScanned>(r =>
        {
            _probed += r.Probed;
            Report();
        });
        Receive<TargetFailed>(_failedTargets.Add);
        Receive<DiscoveryCompleted>(OnDiscovered);
        Receive<DiscoveryOverdue>(_ => OnDiscovered(new DiscoveryCompleted(_probed, _found.Count, _elapsed.Elapsed, ["discovery did not report by its deadline"])));
        Receive<DevicePolled>(p => Settle(p.EndPoint, p.Snapshot));
        Receive<SameIdentityFound>(s => Settle(s.Other, s.Snapshot with { SameIdentityAs = s.Primary.Address.ToString() }));
        // Another device answering at a known address is not the end of it: the registry reads the address again.
        Receive<PollFailed>(f =>
        {
            if (f.Failure is not AnotherDeviceError)
            {
                Unreadable(new DeviceUnreadable(f.EndPoint, f.Failure));
            }
        });
        Receive<DeviceUnreadable>(Unreadable);
        Receive<ReadsStalled>(_ => OnStalled());
        Receive<FinishNow>(_ => Finish(interrupted: true));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef discovery, ImmutableArray<string> targets, long total, CollectorSettings settings, IProgress<ScanProgress>? progress,
        TaskCompletionSource<ScanResult> completion) =>
        Akka.Actor.Props.Create(() => new ScanCoordinator(discovery, targets, total, settings, progress, completion));

    /// <summary>Ends the scan now with what it has (the printers found but not read yet are listed as pending).</summary>
    public sealed record FinishNow;

    private sealed record DiscoveryOverdue;

    private sealed record ReadsStalled;

    /// <summary>No printer settled for this long after discovery: the rest will not be (each reading has its own deadline; a second address needs two).</summary>
    private TimeSpan StallLimit => _settings.ReadDeadline * 2 + TimeSpan.FromSeconds(30);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DevicePolled));
        Context.System.EventStream.Subscribe(Self, typeof(PollFailed));
        Context.System.EventStream.Subscribe(Self, typeof(DeviceUnreadable));
        Context.System.EventStream.Subscribe(Self, typeof(SameIdentityFound));
        Timers.StartSingleTimer(nameof(DiscoveryOverdue), new DiscoveryOverdue(), _settings.DiscoveryDeadline(_total) + TimeSpan.FromSeconds(30));
        _discovery.Tell(new StartDiscovery(_targets));
    }

    /// <summary>Stopped any other way than by finishing (the actor system going down): the scan ends with what it has.</summary>
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _completion.TrySetResult(Result(interrupted: true));
    }

    /// <summary>A failure here ends the scan with what it has (PostStop, through the restart); it never starts a second discovery.</summary>
    protected override void PostRestart(Exception reason) => Context.Stop(Self);

    private void OnDiscovered(DiscoveryCompleted discovered)
    {
        if (_discovered is not null)
        {
            return;
        }

        _discovered = discovered;
        Timers.Cancel(nameof(DiscoveryOverdue));
        Timers.StartSingleTimer(nameof(ReadsStalled), new ReadsStalled(), StallLimit);
        FinishIfDone();
    }

    private void Settle(IPEndPoint endPoint, DeviceSnapshot snapshot)
    {
        if (!_found.Contains(endPoint))
        {
            return; // a scheduled poll of a device this scan did not find
        }

        _snapshots[endPoint] = snapshot with { Address = endPoint.Address.ToString() };
        _unreadable.Remove(endPoint);
        Progressed();
    }

    private void Unreadable(DeviceUnreadable unreadable)
    {
        if (_found.Contains(unreadable.EndPoint) && !_snapshots.ContainsKey(unreadable.EndPoint))
        {
            _unreadable[unreadable.EndPoint] = unreadable;
            Progressed();
        }
    }

    private void Progressed()
    {
        Report();
        if (_discovered is not null)
        {
            Timers.StartSingleTimer(nameof(ReadsStalled), new ReadsStalled(), StallLimit);
        }

        FinishIfDone();
    }

    private void OnStalled()
    {
        foreach (var endPoint in Pending())
        {
            _unreadable[endPoint] = new DeviceUnreadable(endPoint, new ReadDeadlineError(endPoint, StallLimit));
        }

        Finish(interrupted: false);
    }

    private IEnumerable<IPEndPoint> Pending() => _found.Where(f => !_snapshots.ContainsKey(f) && !_unreadable.ContainsKey(f)).ToList();

    private void Report() =>
        _progress?.Report(new ScanProgress(_probed, (int)Math.Min(int.MaxValue, _total), _found.Count, _snapshots.Count, _elapsed.Elapsed));

    private void FinishIfDone()
    {
        if (_discovered is not null && !Pending().Any())
        {
            Finish(interrupted: false);
        }
    }

    private void Finish(bool interrupted)
    {
        Report();
        _completion.TrySetResult(Result(interrupted));
        Context.Stop(Self);
    }

    private ScanResult Result(bool interrupted)
    {
        var discovered = (_discovered ?? new DiscoveryCompleted(_probed, _found.Count, _elapsed.Elapsed, ["interrupted"])) with { Elapsed = _elapsed.Elapsed };
        var snapshots = _snapshots.OrderBy(p => AddressRange.ToUInt32(p.Key.Address)).Select(p => p.Value).ToImmutableArray();
        var unreadable = _unreadable.Values.OrderBy(u => AddressRange.ToUInt32(u.EndPoint.Address)).ToImmutableArray();
        var pending = Pending().OrderBy(p => AddressRange.ToUInt32(p.Address)).ToImmutableArray();
        return new ScanResult(snapshots, unreadable, [.. _failedTargets], discovered, pending, interrupted);
    }
}
