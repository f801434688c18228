namespace Kdfm.Snmp.Transport;

/// <summary>An authoritative SNMP engine as last heard (RFC 3414 §2.3): its ID, boots and time, and when we heard it.</summary>
internal sealed record EngineInfo(byte[] EngineId, int Boots, int Time, long HeardAtMs)
{
    /// <summary>The engine's clock now, by our own clock's elapsed time since we heard it (RFC 3414 §2.3).</summary>
    public int TimeAt(long nowMs) => (int)Math.Min(int.MaxValue, Time + Math.Max(0, nowMs - HeardAtMs) / 1000);

    public string EngineIdHex => Convert.ToHexString(EngineId);

    /// <summary>snmpEngineBoots' last value (RFC 3414 §2.2.1): an engine there can no longer be in any time window.</summary>
    private const int MaxBoots = int.MaxValue;

    /// <summary>The time window (RFC 3414 §2.2.3), in seconds.</summary>
    private const int WindowSeconds = 150;

    /// <summary>
    /// RFC 3414 §3.2 step 7b, for a non-authoritative engine that received an authentic message with
    /// <paramref name="boots"/> and <paramref name="time"/>: the notion of the engine's clock afterwards, and whether
    /// the message is inside the time window.
    /// </summary>
    public (EngineInfo Notion, bool InWindow) Heard(int boots, int time, long nowMs)
    {
        // Step 7b(1): a later boots, or the same boots and a time after latestReceivedEngineTime, moves the notion. Not to
        // the last boots (§2.2.1): such a message is outside the window by step 7b(2), deemed unauthentic, and taking its
        // boots would put every later message outside too.
        var notion = boots < MaxBoots && (boots > Boots || boots == Boots && time > Time) ? this with { Boots = boots, Time = time, HeardAtMs = nowMs } : this;

        // Step 7b(2): outside if the engine's boots are at their end, the message's boots are behind, or its time is
        // more than 150 seconds behind the notion of the engine's time.
        bool outside = notion.Boots == MaxBoots || boots == MaxBoots || boots < notion.Boots || boots == notion.Boots && time < (long)notion.TimeAt(nowMs) - WindowSeconds;
        return (notion, !outside);
    }
}
