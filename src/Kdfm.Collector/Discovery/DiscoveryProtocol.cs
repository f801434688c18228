using System.Collections.Immutable;
using System.Net;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp;

namespace Kdfm.Collector.Discovery;

/// <summary>Scan the configured targets (or these ones).</summary>
public sealed record StartDiscovery(ImmutableArray<string> Targets);

/// <summary>A printer answered on <paramref name="EndPoint"/> with this profile.</summary>
public sealed record DeviceFound(IPEndPoint EndPoint, CredentialProfile Profile, Oid? SysObjectId);

/// <summary>One chunk of addresses has been probed.</summary>
public sealed record RangeScanned(string Range, int Probed, int Found);

/// <summary>
/// A discovery run ended: every chunk probed, or its deadline passed with <paramref name="Unfinished"/> chunks and host
/// names still running (what they found so far was reported).
/// </summary>
public sealed record DiscoveryCompleted(int Probed, int Found, TimeSpan Elapsed, ImmutableArray<string> Unfinished)
{
    public bool Equals(DiscoveryCompleted? other) =>
        other is not null && (Probed, Found, Elapsed) == (other.Probed, other.Found, other.Elapsed) && Unfinished.SequenceEqual(other.Unfinished);

    public override int GetHashCode() => HashCode.Combine(Probed, Found, Elapsed, Unfinished.Length);
}

/// <summary>A target that cannot be scanned (a host name that does not resolve…), named.</summary>
public sealed record TargetFailed(string Target, string Reason);
