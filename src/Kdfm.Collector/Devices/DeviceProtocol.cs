using System.Net;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>Read the device now (besides its schedule).</summary>
public sealed record PollDevice;

/// <summary>A reading was taken; published on the event stream.</summary>
public sealed record DevicePolled(string Key, IPEndPoint EndPoint, DeviceSnapshot Snapshot);

/// <summary>A poll failed; the device backs off.</summary>
public sealed record PollFailed(string Key, IPEndPoint EndPoint, SnmpError Failure, int ConsecutiveFailures);

/// <summary>The device stopped answering after repeated failures.</summary>
public sealed record DeviceWentDown(string Key, IPEndPoint EndPoint);

/// <summary>A page counter is lower than the last reading (a replaced board or a wrap): an event, never a negative delta.</summary>
public sealed record CounterWentBackwards(string Key, string Counter, string Oid, long Previous, long Current);

/// <summary>A device answered at a new address (DHCP): it keeps its key and history.</summary>
public sealed record DeviceMoved(string Key, IPEndPoint From, IPEndPoint To);

/// <summary>The first reading of a new address could not be taken.</summary>
public sealed record DeviceUnreadable(IPEndPoint EndPoint, SnmpError Failure);

/// <summary>
/// <paramref name="Other"/> answers with the identity of the device polled at <paramref name="Primary"/>, which still
/// answers too (two interfaces, a cloned configuration): the device stays at its primary and <paramref name="Other"/> is
/// not polled. <paramref name="FirstReport"/> is false when the same pair was reported before (discovery sees it again).
/// </summary>
public sealed record SameIdentityFound(string Key, IPEndPoint Primary, IPEndPoint Other, DeviceSnapshot Snapshot, bool FirstReport);

/// <summary>A reading of the device's address gave another device's key: another printer answers there now.</summary>
public sealed record AnotherDeviceAnswered(string Key, IPEndPoint EndPoint, string OtherKey);

/// <summary>
/// A device that stopped answering SNMP was pinged, and the outcome differs from its previous one (published when its
/// down reading is stored): <paramref name="Reachability"/> is the snapshot's <c>ping</c> (<see cref="Icmp.AutomaticPing"/>).
/// </summary>
public sealed record DevicePinged(string Key, IPEndPoint EndPoint, string Reachability);
