using System.Net;

namespace Kdfm.Snmp.Transport;

/// <summary>No valid answer within the deadline, after every retry.</summary>
public sealed record TimeoutError(IPEndPoint Target, int Retries) : SnmpError
{
    /// <summary>What the silence probably means, when the client knows more (e.g. the engine answered discovery).</summary>
    public string? Hint { get; init; }

    public override string Describe() =>
        $"Timeout: no response from {Target} after {Retries} {(Retries == 1 ? "retry" : "retries")}" + (Hint is null ? string.Empty : $" ({Hint})");
}
