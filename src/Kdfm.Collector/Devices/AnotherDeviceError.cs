using System.Net;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>A poll that reached another printer: the address answers with <paramref name="Found"/>'s identity, not <paramref name="Expected"/>'s.</summary>
public sealed record AnotherDeviceError(IPEndPoint At, string Expected, string Found) : SnmpError
{
    public override string Describe() => $"Another device answers at {At}: {Found}, not {Expected}";
}
