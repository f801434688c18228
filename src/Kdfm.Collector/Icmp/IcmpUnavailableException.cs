namespace Kdfm.Collector.Icmp;

/// <summary>
/// This machine does not let the collector send ICMP echo requests (Linux: neither the CAP_NET_RAW capability nor a usable
/// ping utility; DESIGN.md §"ICMP on Linux"), or not with the payload asked for. The message is one sentence naming the fix.
/// </summary>
public sealed class IcmpUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What makes ping work, as every message of this exception ends.</summary>
    public const string Fix = "install iputils-ping, or give the collector the CAP_NET_RAW capability (AmbientCapabilities=CAP_NET_RAW in its service unit)";
}
