using System.Collections.Immutable;
using Akka.Actor;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Collector.Discovery;

/// <summary>A one-shot discovery with the first reading of every printer found (scan, and run's periodic discovery).</summary>
public static class Scans
{
    /// <summary>Discovers the targets and completes with a snapshot of every printer found, once each has been read.</summary>
    public static Task<ScanResult> Run(ActorSystem system, IActorRef discovery, ImmutableArray<string> targets, IProgress<ScanProgress>? progress = null)
    {
        long total = targets.Sum(t => AddressRange.TryParse(t, out var r, out _) ? r.Count : 1);
        var completion = new TaskCompletionSource<ScanResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(ScanCoordinator.Props(discovery, targets, total, progress, completion), $"scan-{Guid.NewGuid():N}");
        return completion.Task;
    }
}
