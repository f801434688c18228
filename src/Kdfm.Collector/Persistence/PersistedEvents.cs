using System.Net;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Persistence;

/// <summary>The registry learnt a device: its key, where it answers and with which credential profile (by name).</summary>
public sealed record DeviceRegistered(string Key, IPEndPoint EndPoint, string Profile);

/// <summary>A device's address changed (persisted by the device itself).</summary>
public sealed record DeviceRelocated(string Key, IPEndPoint EndPoint);

/// <summary>A reading, stored before it counts as taken.</summary>
public sealed record ReadingTaken(DeviceSnapshot Snapshot);

/// <summary>A device actor's journal snapshot: its address and last reading (null before the first).</summary>
public sealed record DeviceMemento(IPEndPoint EndPoint, DeviceSnapshot? Last);
