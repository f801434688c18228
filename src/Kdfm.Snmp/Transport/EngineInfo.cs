namespace Kdfm.Snmp.Transport;

/// <summary>An authoritative SNMP engine as last heard (RFC 3414 §2.3): its ID, boots and time, and when we heard it.</summary>
internal sealed record EngineInfo(byte[] EngineId, int Boots, int Time, long HeardAtMs)
{
    /// <summary>The engine's clock now, by our own clock's elapsed time since we heard it (RFC 3414 §2.3).</summary>
    public int TimeAt(long nowMs) => (int)Math.Min(int.MaxValue, Time + Math.Max(0, nowMs - HeardAtMs) / 1000);

    public string EngineIdHex => Convert.ToHexString(EngineId);
}
