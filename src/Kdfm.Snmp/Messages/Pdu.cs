using System.Collections.Immutable;
using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Messages;

/// <summary>
/// A PDU (RFC 3416 §3). For GetBulkRequest, <see cref="ErrorStatus"/> and <see cref="ErrorIndex"/> carry
/// non-repeaters and max-repetitions (§4.2.3); use <see cref="NonRepeaters"/> and <see cref="MaxRepetitions"/>.
/// </summary>
public sealed record Pdu(PduType Type, int RequestId, int ErrorStatusValue, int ErrorIndex, ImmutableArray<VarBind> VarBinds)
{
    public ErrorStatus ErrorStatus => (ErrorStatus)ErrorStatusValue;

    public int NonRepeaters => ErrorStatusValue;

    public int MaxRepetitions => ErrorIndex;

    public static Pdu Get(int requestId, params ReadOnlySpan<Oid> oids) => new(PduType.GetRequest, requestId, 0, 0, Requests(oids));

    public static Pdu GetNext(int requestId, params ReadOnlySpan<Oid> oids) => new(PduType.GetNextRequest, requestId, 0, 0, Requests(oids));

    public static Pdu GetBulk(int requestId, int nonRepeaters, int maxRepetitions, params ReadOnlySpan<Oid> oids) =>
        new(PduType.GetBulkRequest, requestId, nonRepeaters, maxRepetitions, Requests(oids));

    public Pdu WithRequestId(int requestId) => this with { RequestId = requestId };

    public bool Equals(Pdu? other) =>
        other is not null && Type == other.Type && RequestId == other.RequestId && ErrorStatusValue == other.ErrorStatusValue &&
        ErrorIndex == other.ErrorIndex && VarBinds.AsSpan().SequenceEqual(other.VarBinds.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Type, RequestId, ErrorStatusValue, ErrorIndex, VarBinds.Length);

    internal void Encode(BerWriter writer)
    {
        int pdu = writer.Begin((byte)Type);
        writer.WriteInteger(RequestId);
        writer.WriteInteger(ErrorStatusValue);
        writer.WriteInteger(ErrorIndex);
        int list = writer.Begin(BerTag.Sequence);
        foreach (var vb in VarBinds)
        {
            int seq = writer.Begin(BerTag.Sequence);
            writer.WriteOid(vb.Oid);
            vb.Value.Encode(writer);
            writer.End(seq);
        }

        writer.End(list);
        writer.End(pdu);
    }

    internal static Pdu Decode(ref BerReader reader)
    {
        int at = reader.Offset;
        var pdu = reader.ReadConstructed(out byte tag);
        if (tag is < 0xA0 or > 0xA8 || tag == (byte)PduType.TrapV1)
        {
            throw new BerDecodeException(BerErrorKind.UnexpectedTag, at, tag, "not a PDU this engine handles");
        }

        int requestId = pdu.ReadInt32();
        int errorStatus = pdu.ReadInt32();
        int errorIndex = pdu.ReadInt32();
        var list = pdu.ReadConstructed(BerTag.Sequence);
        var builder = ImmutableArray.CreateBuilder<VarBind>();
        while (list.HasMore)
        {
            var vb = list.ReadConstructed(BerTag.Sequence);
            var oid = vb.ReadOid();
            var value = SnmpValue.Decode(ref vb);
            vb.EnsureEnd();
            builder.Add(new VarBind(oid, value));
        }

        pdu.EnsureEnd();
        return new Pdu((PduType)tag, requestId, errorStatus, errorIndex, builder.DrainToImmutable());
    }

    private static ImmutableArray<VarBind> Requests(ReadOnlySpan<Oid> oids)
    {
        var builder = ImmutableArray.CreateBuilder<VarBind>(oids.Length);
        foreach (var oid in oids)
        {
            builder.Add(VarBind.Request(oid));
        }

        return builder.MoveToImmutable();
    }
}
