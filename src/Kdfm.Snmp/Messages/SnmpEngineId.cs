namespace Kdfm.Snmp.Messages;

/// <summary>The SnmpEngineID textual convention (RFC 3411 §5): an OCTET STRING of 5 to 32 octets.</summary>
public static class SnmpEngineId
{
    public const int MinOctets = 5;

    public const int MaxOctets = 32;

    /// <summary>True when <paramref name="engineId"/> has a length RFC 3411 allows (SIZE(5..32)).</summary>
    public static bool IsValid(ReadOnlySpan<byte> engineId) => engineId.Length is >= MinOctets and <= MaxOctets;
}
