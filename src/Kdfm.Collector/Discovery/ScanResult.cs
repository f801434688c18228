using System.Collections.Immutable;
using Kdfm.Collector.Devices;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Discovery;

/// <summary>What a one-shot scan found: a snapshot per printer, the printers that could not be read, and the totals.</summary>
public sealed record ScanResult(
    ImmutableArray<DeviceSnapshot> Snapshots, ImmutableArray<DeviceUnreadable> Unreadable, ImmutableArray<TargetFailed> FailedTargets, DiscoveryCompleted Discovery)
{
    public bool Equals(ScanResult? other) => other is not null && Snapshots.SequenceEqual(other.Snapshots) && Discovery == other.Discovery;

    public override int GetHashCode() => HashCode.Combine(Snapshots.Length, Discovery);
}
