namespace Kdfm.Snmp.Transport;

/// <summary>Settings of the client's socket.</summary>
public sealed record SnmpClientOptions
{
    public static SnmpClientOptions Default { get; } = new();

    /// <summary>Kernel receive buffer to ask for: bursts of thousands of replies must not overflow it.</summary>
    public int ReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>msgMaxSize announced in v3 requests (RFC 3412 §6.3): the largest reply we accept.</summary>
    public int MaxMessageSize { get; init; } = 65507;

    /// <summary>How often deadlines are checked; timeouts are accurate to this.</summary>
    public TimeSpan TimerResolution { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How many localised USM keys (one per user and engine ID) are kept; the least recently used go first.</summary>
    public int KeyCacheCapacity { get; init; } = 8192;
}
