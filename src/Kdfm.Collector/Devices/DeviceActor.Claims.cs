using Akka.Actor;
namespace Kdfm.Collector.Devices;

/// <summary>
/// Another address answered with this device's identity. Two cases look alike from the registry: the printer moved
/// (DHCP; its old address is silent or serves another printer now), or it answers at both (wired and Wi-Fi interfaces,
/// a cloned configuration). Only a reading of the primary address tells them apart, so the device reads it (a read
/// already in flight does not count: it started before the question) and then settles every claim: the primary still
/// answers as this device → each other address has the same identity, reported and never polled (no flapping); it does
/// not → the device moves to the first claimant, whose reading counts as taken there, and any other claimant has the
/// same identity as the new primary.
/// </summary>
public sealed partial class DeviceActor
{
    private readonly List<ClaimAddress> _claims = [];

    private void OnClaim(ClaimAddress claim)
    {
        if (!claim.At.Equals(_state.EndPoint) && !_claims.Any(c => c.At.Equals(claim.At)))
        {
            _claims.Add(claim);
        }

        // A claim of the device's own address (a move the registry had not recorded yet) is a poll.
        StartRead();
    }

    /// <summary>After a read of the primary: settles the claims waiting for it. True when the device moved (and will schedule its next poll).</summary>
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
                Registry.Tell(new SameIdentityConfirmed(_state.Key, claim.At, primary, claim.Reading));
            }

            return false;
        }

        var moveTo = claims[0];
        _state = _state with { Profile = moveTo.Profile };
        Registry.Tell(new MovedToClaimant(_state.Key, moveTo.At, moveTo.Profile, primary));
        foreach (var claim in claims.Skip(1))
        {
            Registry.Tell(new SameIdentityConfirmed(_state.Key, claim.At, moveTo.At, claim.Reading));
        }

        Store(moveTo.Reading, _state.Polled(moveTo.Reading, moveTo.At), () => Continue(readAgain: false));
        return true;
    }
}
