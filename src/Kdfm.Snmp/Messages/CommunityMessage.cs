using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Messages;

/// <summary>A v1 (RFC 1157 §4) or v2c (RFC 1901 §3) message: version, community, PDU.</summary>
public sealed record CommunityMessage(SnmpVersion Version, byte[] Community, Pdu Pdu)
{
    public bool Equals(CommunityMessage? other) =>
        other is not null && Version == other.Version && Community.AsSpan().SequenceEqual(other.Community) && Pdu.Equals(other.Pdu);

    public override int GetHashCode() => HashCode.Combine(Version, Community.Length, Pdu);

    // The community is a secret: never print it.
    public override string ToString() => $"CommunityMessage {{ Version = {Version}, Community = ***, Pdu = {Pdu} }}";

    public byte[] Encode()
    {
        var writer = new BerWriter(256);
        Encode(writer);
        return writer.ToArray();
    }

    public void Encode(BerWriter writer)
    {
        int message = writer.Begin(BerTag.Sequence);
        writer.WriteInteger((int)Version);
        writer.WriteOctetString(Community);
        Pdu.Encode(writer);
        writer.End(message);
    }

    /// <summary>Decodes a whole v1/v2c datagram; throws <see cref="BerDecodeException"/> on anything malformed.</summary>
    public static CommunityMessage Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence);
        outer.EnsureEnd();
        int at = message.Offset;
        int version = message.ReadInt32();
        if (version is not (0 or 1))
        {
            throw new BerDecodeException(BerErrorKind.UnsupportedVersion, at, BerTag.Integer, $"version {version} is not v1 or v2c");
        }

        var community = message.ReadExpected(BerTag.OctetString).ToArray();
        var pdu = Pdu.Decode(ref message);
        message.EnsureEnd();
        return new CommunityMessage((SnmpVersion)version, community, pdu);
    }
}
