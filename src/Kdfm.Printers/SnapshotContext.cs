using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers;

/// <summary>Where a reading came from: the address (null for a recorded walk), when, how, and the file it was read from.</summary>
public sealed record SnapshotContext(string? Address, DateTimeOffset CollectedAt, SnmpInfo? Snmp = null, string? Source = null);
