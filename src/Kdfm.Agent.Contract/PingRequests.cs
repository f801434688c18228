using System.Net;
using Kdfm.Agent.V1;

namespace Kdfm.Agent;

/// <summary>
/// What a ping task may ask (<see cref="PingRequest"/>), once for the hub, which refuses a bad request, and for the
/// agent, which checks again: the limits, and the defaults a field left at 0 takes (proto3 cannot tell 0 from unset).
/// </summary>
public static class PingRequests
{
    public const int DefaultCount = 4;
    public const int MaxCount = 20;

    /// <summary>Payload bytes, as iputils' ping sends by default (64-byte packets).</summary>
    public const int DefaultSize = 56;

    /// <summary>The largest payload an unfragmented echo request carries on a 1,500-byte Ethernet MTU (1500 − 20 − 8).</summary>
    public const int MaxSize = 1472;

    public const int DefaultTimeoutMs = 1000;
    public const int MinTimeoutMs = 100;
    public const int MaxTimeoutMs = 10_000;

    /// <summary>The longest a host name may be (RFC 1035 §2.3.4).</summary>
    public const int MaxTargetLength = 253;

    /// <summary>
    /// The request with its defaults filled in (count 4, size 56, timeout 1,000 ms where 0) and its target trimmed, or why
    /// it is refused: one sentence naming the field (the API's names: target, count, size, timeoutMs).
    /// </summary>
    public static (PingRequest? Request, string? Problem) Normalize(PingRequest request)
    {
        string target = request.Target?.Trim() ?? string.Empty;
        if (target.Length == 0)
        {
            return (null, "target is needed: the address or host name to ping");
        }

        if (!IsAddressOrHostName(target))
        {
            return (null, "target must be an IP address or a host name");
        }

        int count = request.Count == 0 ? DefaultCount : request.Count;
        if (count is < 1 or > MaxCount)
        {
            return (null, $"count must be between 1 and {MaxCount}; got {request.Count}");
        }

        int size = request.Size == 0 ? DefaultSize : request.Size;
        if (size is < 0 or > MaxSize)
        {
            return (null, $"size must be between 0 and {MaxSize} bytes; got {request.Size}");
        }

        int timeout = request.TimeoutMs == 0 ? DefaultTimeoutMs : request.TimeoutMs;
        if (timeout is < MinTimeoutMs or > MaxTimeoutMs)
        {
            return (null, $"timeoutMs must be between {MinTimeoutMs} and {MaxTimeoutMs}; got {request.TimeoutMs}");
        }

        return (new PingRequest { Target = target, Count = count, Size = size, TimeoutMs = timeout }, null);
    }

    /// <summary>An IPv4 or IPv6 address, or a DNS host name (letters, digits, hyphens and dots; RFC 1123).</summary>
    public static bool IsAddressOrHostName(string text) =>
        text.Length <= MaxTargetLength && (IPAddress.TryParse(text, out _) || Uri.CheckHostName(text) == UriHostNameType.Dns);
}
