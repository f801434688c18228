using System.Net;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// A reading of a device's own address that came back with a weaker identity than the device's (no serial where it has
/// one: a request of the reading was lost): not stored, counted as a failed poll.
/// </summary>
public sealed record IdentityIncompleteError(IPEndPoint At, string Expected, string Found) : SnmpError
{
    public override string Describe() => $"Incomplete reading of {At}: it gave the identity {Found}, not {Expected} (part of the reading was lost)";
}
