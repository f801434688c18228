using System.Formats.Asn1;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kdfm.Snmp;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;

namespace Kdfm.Benchmarks.Codec;

/// <summary>
/// Decoding and encoding one 25-row GETBULK response: our span-based BER reader next to the same decode written
/// on System.Formats.Asn1's AsnReader (BER rules), to settle which one the engine is built on.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _bytes = GetBulkResponse.Bytes;
    private readonly CommunityMessage _message = GetBulkResponse.Message;
    private readonly BerWriter _writer = new(2048);

    [Benchmark(Baseline = true, Description = "decode: Kdfm BerReader")]
    public Pdu DecodeKdfm() => CommunityMessage.Decode(_bytes).Pdu;

    [Benchmark(Description = "decode: System.Formats.Asn1")]
    public Pdu DecodeAsn1()
    {
        var message = new AsnReader(_bytes, AsnEncodingRules.BER).ReadSequence();
        message.ReadInteger();
        message.ReadOctetString();
        var pdu = message.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true));
        int requestId = (int)pdu.ReadInteger();
        int status = (int)pdu.ReadInteger();
        int index = (int)pdu.ReadInteger();
        var list = pdu.ReadSequence();
        var rows = System.Collections.Immutable.ImmutableArray.CreateBuilder<VarBind>();
        while (list.HasData)
        {
            var vb = list.ReadSequence();
            // AsnReader gives OIDs as strings: parsing them back into arcs is the price of this route.
            var oid = Oid.Parse(vb.ReadObjectIdentifier());
            var tag = vb.PeekTag();
            SnmpValue value;
            if (tag.HasSameClassAndValue(Asn1Tag.Integer))
            {
                value = SnmpValue.Integer((long)vb.ReadInteger());
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                value = SnmpValue.OctetString(vb.ReadOctetString());
            }
            else
            {
                // Application [1] Counter32: AsnReader rejects non-minimal integers, which real agents send.
                BigInteger big = vb.ReadInteger(new Asn1Tag(TagClass.Application, 1));
                value = SnmpValue.Counter32((uint)big);
            }

            rows.Add(new VarBind(oid, value));
        }

        return new Pdu(PduType.Response, requestId, status, index, rows.ToImmutable());
    }

    [Benchmark(Description = "encode: Kdfm BerWriter")]
    public int EncodeKdfm()
    {
        _writer.Reset();
        _message.Encode(_writer);
        return _writer.Length;
    }

    [Benchmark(Description = "encode: System.Formats.Asn1")]
    public int EncodeAsn1()
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteOctetString(_message.Community);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            {
                writer.WriteInteger(_message.Pdu.RequestId);
                writer.WriteInteger(0);
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    foreach (var vb in _message.Pdu.VarBinds)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(vb.Oid.ToString());
                            switch (vb.Value.Type)
                            {
                                case SnmpType.Integer:
                                    writer.WriteInteger(vb.Value.AsInt64());
                                    break;
                                case SnmpType.OctetString:
                                    writer.WriteOctetString(vb.Value.Bytes);
                                    break;
                                default:
                                    writer.WriteInteger(vb.Value.AsUInt64(), new Asn1Tag(TagClass.Application, 1));
                                    break;
                            }
                        }
                    }
                }
            }
        }

        return writer.Encode().Length;
    }
}
