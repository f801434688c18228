using System.Net;
using Kdfm.Collector.Configuration;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Devices;

/// <summary>From the registry to a device: <paramref name="At"/> answered with the device's key; <paramref name="Reading"/> is what it said.</summary>
public sealed record ClaimAddress(IPEndPoint At, CredentialProfile Profile, DeviceSnapshot Reading);

/// <summary>
/// From a device to the registry, settling a claim: its primary was silent, or another printer answers there now, so the
/// device moved to <paramref name="At"/> (from <paramref name="From"/>) and took the claimant's reading as its own.
/// </summary>
public sealed record MovedToClaimant(string Key, IPEndPoint At, CredentialProfile Profile, IPEndPoint From);

/// <summary>
/// From a device to the registry, settling a claim: its primary <paramref name="Primary"/> still answers as this device,
/// so <paramref name="At"/> has the same identity and is not polled.
/// </summary>
public sealed record SameIdentityConfirmed(string Key, IPEndPoint At, IPEndPoint Primary, DeviceSnapshot Reading);

/// <summary>From a device to the registry: another printer answers at its address <paramref name="At"/> (read with <paramref name="Profile"/>).</summary>
public sealed record AddressTaken(string Key, IPEndPoint At, CredentialProfile Profile);

/// <summary>
/// From the registry to a device's entity: the device's registration (and, for a device found now, its first reading).
/// Sent to every known device when the registry recovers, which is how devices of a store from before sharding learn where
/// they are; a device that knows already ignores it.
/// </summary>
public sealed record StartDevice(Kdfm.Collector.Persistence.DeviceRegistered Registration, DeviceSnapshot? FirstReading);

/// <summary>From a device entity that does not know its address to the registry: answered with <see cref="StartDevice"/>, or <see cref="UnknownDevice"/>.</summary>
public sealed record GetRegistration(string Key);

/// <summary>The registry has no device of this key (a remembered entity of a device that is gone): the entity retires.</summary>
public sealed record UnknownDevice(string Key);
