using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Messages;

/// <summary>UsmSecurityParameters (RFC 3414 §2.4).</summary>
public sealed record UsmSecurityParameters(
    byte[] EngineId, int EngineBoots, int EngineTime, byte[] UserName, byte[] AuthParameters, byte[] PrivParameters)
{
    public static UsmSecurityParameters Empty { get; } = new([], 0, 0, [], [], []);

    public bool Equals(UsmSecurityParameters? other) =>
        other is not null && EngineId.AsSpan().SequenceEqual(other.EngineId) && EngineBoots == other.EngineBoots &&
        EngineTime == other.EngineTime && UserName.AsSpan().SequenceEqual(other.UserName) &&
        AuthParameters.AsSpan().SequenceEqual(other.AuthParameters) && PrivParameters.AsSpan().SequenceEqual(other.PrivParameters);

    public override int GetHashCode() => HashCode.Combine(EngineId.Length, EngineBoots, EngineTime, UserName.Length);

    internal void Encode(BerWriter writer)
    {
        int seq = writer.Begin(BerTag.Sequence);
        writer.WriteOctetString(EngineId);
        writer.WriteInteger(EngineBoots);
        writer.WriteInteger(EngineTime);
        writer.WriteOctetString(UserName);
        writer.WriteOctetString(AuthParameters);
        writer.WriteOctetString(PrivParameters);
        writer.End(seq);
    }
}
