using System.Net;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Polling;

/// <summary>A reading that did not finish within its deadline (each request has its own timeout; this bounds them all).</summary>
public sealed record ReadDeadlineError(IPEndPoint Target, TimeSpan Deadline) : SnmpError
{
    public override string Describe() => $"Timeout: reading {Target} took more than {Deadline.TotalSeconds:F0} s";
}
