using System.Net;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Persistence;

/// <summary>
/// A device's key, where it answers and with which credential profile (by name): persisted by the registry when it learns
/// a device, and by the device itself (its own journal) when it starts or moves.
/// </summary>
public sealed record DeviceRegistered(string Key, IPEndPoint EndPoint, string Profile);

/// <summary>A device's address changed (persisted by the device itself).</summary>
public sealed record DeviceRelocated(string Key, IPEndPoint EndPoint);

/// <summary>A reading, stored before it counts as taken.</summary>
public sealed record ReadingTaken(DeviceSnapshot Snapshot);

/// <summary>
/// A device actor's journal snapshot: its address, its last reading (null before the first) and its credential profile by
/// name (empty in snapshots from before sharding).
/// </summary>
public sealed record DeviceMemento(IPEndPoint EndPoint, DeviceSnapshot? Last, string Profile = "");
