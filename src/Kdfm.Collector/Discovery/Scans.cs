using System.Collections.Immutable;
using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Collector.Discovery;

/// <summary>A one-shot discovery with the first reading of every printer found (scan, and run's periodic discovery).</summary>
public static class Scans
{
    /// <summary>
    /// Discovers the targets and completes with a snapshot of every printer found, once each is settled; always completes
    /// (every wait has a deadline). Cancelling <paramref name="cancellationToken"/> completes it at once with what was found
    /// so far (<see cref="ScanResult.Interrupted"/>), and stops the discovery.
    /// </summary>
    public static async Task<ScanResult> Run(ActorSystem system, IActorRef discovery, CollectorSettings settings, ImmutableArray<string> targets,
        IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var scanned = targets.IsDefaultOrEmpty ? settings.Targets : targets;
        long total = scanned.Sum(t => AddressRange.TryParse(t, out var r, out _) ? r.Count : 1);
        var completion = new TaskCompletionSource<ScanResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var coordinator = system.ActorOf(ScanCoordinator.Props(discovery, targets, total, settings, progress, completion), $"scan-{Guid.NewGuid():N}");
        await using var stop = cancellationToken.Register(() => coordinator.Tell(new ScanCoordinator.FinishNow())).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false);
    }
}
