using System.Net;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Configuration;

/// <summary>One way to talk to a device: a version and its credentials. Profiles are tried in order; the one that answered is remembered.</summary>
public sealed record CredentialProfile(string Name, SnmpVersion Version, Secret? Community = null, UsmUser? User = null)
{
    public SnmpTarget Target(IPEndPoint endPoint, CollectorSettings settings) =>
        new SnmpTarget(endPoint, Version, Community, User) { Timeout = settings.Timeout, Retries = settings.Retries };

    public static CredentialProfile V2c(string community) => new($"v2c:{community.Length}", SnmpVersion.V2c, new Secret(community));
}
