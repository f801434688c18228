using System.Net;

namespace Kdfm.Snmp.Transport;

/// <summary>No valid answer within the deadline, after every retry.</summary>
public sealed record TimeoutError(IPEndPoint Target, int Retries) : SnmpError
{
    public override string Describe() => $"Timeout: no response from {Target} after {Retries} {(Retries == 1 ? "retry" : "retries")}";
}
