using System.Net;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Transport;

/// <summary>Where and how to ask: an agent's endpoint, the protocol version and its credentials, and the timing.</summary>
public sealed record SnmpTarget(IPEndPoint EndPoint, SnmpVersion Version, Secret? Community = null, UsmUser? User = null)
{
    /// <summary>SNMPv3 contextName (RFC 3411 §3.3.1); empty is the default context.</summary>
    public string ContextName { get; init; } = string.Empty;

    /// <summary>How long to wait for each attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a request is sent again after a timeout (Net-SNMP's -r).</summary>
    public int Retries { get; init; } = 1;

    /// <summary>Initial max-repetitions of GETBULK; adapted per agent when it answers tooBig or not at all.</summary>
    public int MaxRepetitions { get; init; } = 25;

    public static SnmpTarget V1(IPEndPoint endPoint, string community) => new(endPoint, SnmpVersion.V1, new Secret(community));

    public static SnmpTarget V2c(IPEndPoint endPoint, string community) => new(endPoint, SnmpVersion.V2c, new Secret(community));

    public static SnmpTarget V3(IPEndPoint endPoint, UsmUser user, string contextName = "") =>
        new(endPoint, SnmpVersion.V3, null, user) { ContextName = contextName };
}
