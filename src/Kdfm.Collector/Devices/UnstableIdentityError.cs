using System.Net;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>An address that gave too many new identities in a day (a serial that changes at every reading): not registered again.</summary>
public sealed record UnstableIdentityError(IPEndPoint At, string Latest, int Limit) : SnmpError
{
    public override string Describe() =>
        $"Unstable identity: {At} gave {Limit} new devices within a day (the latest {Latest}); it is not registered again until then";
}
