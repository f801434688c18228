using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Messages;

/// <summary>What the first bytes of any SNMP datagram say: its version and the number that correlates it.</summary>
public readonly record struct MessageHeader(SnmpVersion Version, int CorrelationId)
{
    /// <summary>
    /// Reads the version and the correlation number without decoding the rest: the request-id for v1/v2c,
    /// msgID for v3 (RFC 3412 §6.2). Throws <see cref="BerDecodeException"/> when even that much is malformed.
    /// </summary>
    public static MessageHeader Peek(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence);
        int at = message.Offset;
        int version = message.ReadInt32();
        switch (version)
        {
            case 0 or 1:
                message.ReadExpected(BerTag.OctetString);
                var pdu = message.ReadConstructed(out _);
                return new MessageHeader((SnmpVersion)version, pdu.ReadInt32());
            case 3:
                var global = message.ReadConstructed(BerTag.Sequence);
                return new MessageHeader(SnmpVersion.V3, global.ReadInt32());
            default:
                throw new BerDecodeException(BerErrorKind.UnsupportedVersion, at, BerTag.Integer, $"version {version}");
        }
    }
}
