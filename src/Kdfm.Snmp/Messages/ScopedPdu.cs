using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Messages;

/// <summary>ScopedPDU (RFC 3412 §6.8): contextEngineID, contextName, PDU.</summary>
public sealed record ScopedPdu(byte[] ContextEngineId, byte[] ContextName, Pdu Pdu)
{
    public bool Equals(ScopedPdu? other) =>
        other is not null && ContextEngineId.AsSpan().SequenceEqual(other.ContextEngineId) &&
        ContextName.AsSpan().SequenceEqual(other.ContextName) && Pdu.Equals(other.Pdu);

    public override int GetHashCode() => HashCode.Combine(ContextEngineId.Length, ContextName.Length, Pdu);

    internal void Encode(BerWriter writer)
    {
        int seq = writer.Begin(BerTag.Sequence);
        writer.WriteOctetString(ContextEngineId);
        writer.WriteOctetString(ContextName);
        Pdu.Encode(writer);
        writer.End(seq);
    }

    /// <summary>Reads the first element only: a decrypted DES scopedPDU is followed by padding (RFC 3414 §8.1.1.2).</summary>
    internal static ScopedPdu Decode(ref BerReader reader)
    {
        var seq = reader.ReadConstructed(BerTag.Sequence);
        var engineId = seq.ReadExpected(BerTag.OctetString).ToArray();
        var contextName = seq.ReadExpected(BerTag.OctetString).ToArray();
        var pdu = Pdu.Decode(ref seq);
        seq.EnsureEnd();
        return new ScopedPdu(engineId, contextName, pdu);
    }
}
