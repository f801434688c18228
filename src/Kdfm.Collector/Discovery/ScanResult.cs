using System.Collections.Immutable;
using System.Net;
using Kdfm.Collector.Devices;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// What a one-shot scan found, by address: a snapshot of every printer read (an address that answers with the identity
/// of a device read at another has <see cref="DeviceSnapshot.SameIdentityAs"/> set), the printers that could not be read,
/// the targets that could not be scanned, the totals, and, for a scan ended early (<paramref name="Interrupted"/>), the
/// printers found but not read yet.
/// </summary>
public sealed record ScanResult(
    ImmutableArray<DeviceSnapshot> Snapshots, ImmutableArray<DeviceUnreadable> Unreadable, ImmutableArray<TargetFailed> FailedTargets, DiscoveryCompleted Discovery,
    ImmutableArray<IPEndPoint> Pending, bool Interrupted)
{
    public bool Equals(ScanResult? other) =>
        other is not null && Snapshots.SequenceEqual(other.Snapshots) && Discovery == other.Discovery && Pending.SequenceEqual(other.Pending) && Interrupted == other.Interrupted;

    public override int GetHashCode() => HashCode.Combine(Snapshots.Length, Discovery, Interrupted);
}
