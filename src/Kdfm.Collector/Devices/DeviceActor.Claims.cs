using System.Net;
using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Devices;

/// <summary>
/// Another address answered with this device's identity. Two cases look alike from the registry: the printer moved
/// (DHCP; its old address is silent or serves another printer now), or it answers at both (wired and Wi-Fi interfaces,
/// a cloned configuration, a placeholder serial the key fell back from too late). Only a reading of the primary address
/// tells them apart, so the device reads it (or waits for the read in flight) and then settles every claim: the primary
/// still answers as this device → the other address has the same identity, reported and never polled (no flapping);
/// it does not → the device moves to the first claimant, whose reading counts as taken there.
/// </summary>
public sealed partial class DeviceActor
{
    private readonly List<ClaimAddress> _claims = [];

    /// <summary>From the registry: <paramref name="At"/> answered with this device's key; <paramref name="Reading"/> is what it said.</summary>
    public sealed record ClaimAddress(IPEndPoint At, CredentialProfile Profile, DeviceSnapshot Reading);

    /// <summary>
    /// To the registry: how a claim was settled. <paramref name="Moved"/>: the device is at <paramref name="At"/> now;
    /// otherwise <paramref name="At"/> has the same identity as <paramref name="Primary"/>, which still answers.
    /// </summary>
    public sealed record AddressClaimed(string Key, IPEndPoint At, CredentialProfile Profile, bool Moved, IPEndPoint Primary, DeviceSnapshot Reading);

    /// <summary>To the registry: another device (<paramref name="Profile"/> still answers there) now answers at this device's address.</summary>
    public sealed record AddressTaken(string Key, IPEndPoint At, CredentialProfile Profile);

    private void OnClaim(ClaimAddress claim)
    {
        if (claim.At.Equals(_state.EndPoint))
        {
            Context.Parent.Tell(new AddressClaimed(_state.Key, claim.At, claim.Profile, false, _state.EndPoint, claim.Reading));
            return;
        }

        _claims.Add(claim);
        StartRead(); // a check of the primary; a read already in flight settles the claim when it ends
    }

    /// <summary>After a read of the primary: settles the claims waiting for it. True when the device moved (and scheduled its next poll).</summary>
    private bool SettleClaims(bool primaryAnswers)
    {
        if (_claims.Count == 0)
        {
            return false;
        }

        var claims = _claims.ToList();
        _claims.Clear();
        var primary = _state.EndPoint;
        if (primaryAnswers)
        {
            foreach (var claim in claims)
            {
                Context.Parent.Tell(new AddressClaimed(_state.Key, claim.At, claim.Profile, false, primary, claim.Reading));
            }

            return false;
        }

        // The primary is silent, or another printer has it: the device is where the first claimant is. Any other claimant
        // answers as well, so it has the same identity as the new primary.
        var moveTo = claims[0];
        _state = _state with { Profile = moveTo.Profile };
        Store(moveTo.Reading, _state.Polled(moveTo.Reading, moveTo.At));
        Context.Parent.Tell(new AddressClaimed(_state.Key, moveTo.At, moveTo.Profile, true, primary, moveTo.Reading));
        foreach (var claim in claims.Skip(1))
        {
            Context.Parent.Tell(new AddressClaimed(_state.Key, claim.At, claim.Profile, false, moveTo.At, claim.Reading));
        }

        return true;
    }
}
