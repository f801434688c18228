using System.Text;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Tests.Messages;

/// <summary>Packets captured from Net-SNMP 5.9.3 (snmpget -d and snmpd), decoded to exact records and re-encoded to exact bytes.</summary>
public class GoldenPacketTests
{
    // snmpget -v2c -c public 127.20.0.1 1.3.6.1.2.1.1.5.0
    private const string NetSnmpV2cGet =
        "30 29 02 01 01 04 06 70 75 62 6C 69 63 A0 1C 02 04 5A AA 23 67 02 01 00 02 01 00 30 0E 30 0C 06 08 2B 06 01 02 01 01 05 00 05 00";

    // snmpd's answer to the same request (sysName "kdfm-snmpd")
    private const string SnmpdV2cResponse =
        "30 33 02 01 01 04 06 70 75 62 6C 69 63 A2 26 02 04 68 E5 5A 5C 02 01 00 02 01 00 30 18 30 16 06 08 2B 06 01 02 01 01 05 00 " +
        "04 0A 6B 64 66 6D 2D 73 6E 6D 70 64";

    // snmpget -v1 … 1.3.6.1.2.1.1.3.0
    private const string NetSnmpV1Get =
        "30 29 02 01 00 04 06 70 75 62 6C 69 63 A0 1C 02 04 1D EF 5E 75 02 01 00 02 01 00 30 0E 30 0C 06 08 2B 06 01 02 01 01 03 00 05 00";

    // snmpget -v3 …: the engine-discovery probe (RFC 3414 §4)
    private const string NetSnmpV3Discovery =
        "30 3E 02 01 03 30 11 02 04 68 0B 6E C8 02 03 00 FF E3 04 01 04 02 01 03 04 10 30 0E 04 00 02 01 00 02 01 00 04 00 04 00 04 00 " +
        "30 14 04 00 04 00 A0 0E 02 04 06 1B CA 16 02 01 00 02 01 00 30 00";

    // snmpd's Report to a discovery probe: usmStatsUnknownEngineIDs.0 = 2
    private const string SnmpdDiscoveryReport =
        "30 71 02 01 03 30 11 02 04 63 E1 33 CA 02 03 00 FF E3 04 01 00 02 01 03 04 21 30 1F 04 11 80 00 1F 88 80 5E 34 04 79 26 2D 0A " +
        "6B 00 00 00 00 02 01 01 02 01 03 04 00 04 00 04 00 30 36 04 11 80 00 1F 88 80 5E 34 04 79 26 2D 0A 6B 00 00 00 00 04 00 A8 1F " +
        "02 04 1E 53 A1 C4 02 01 00 02 01 00 30 11 30 0F 06 0A 2B 06 01 06 03 0F 01 01 04 00 41 01 02";

    private static readonly byte[] Public = Encoding.ASCII.GetBytes("public");

    [Fact]
    public void Net_snmp_v2c_get_decodes_to_its_record_and_back_to_its_bytes()
    {
        var expected = new CommunityMessage(SnmpVersion.V2c, Public, Pdu.Get(0x5AAA2367, Oid.Parse("1.3.6.1.2.1.1.5.0")));
        Assert.Equal(expected, CommunityMessage.Decode(Hex.Bytes(NetSnmpV2cGet)));
        Assert.Equal(Hex.Of(Hex.Bytes(NetSnmpV2cGet)), Hex.Of(expected.Encode()));
    }

    [Fact]
    public void Snmpd_v2c_response_decodes_to_its_record_and_back_to_its_bytes()
    {
        var expected = new CommunityMessage(SnmpVersion.V2c, Public,
            new Pdu(PduType.Response, 0x68E55A5C, 0, 0, [new VarBind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("kdfm-snmpd"))]));
        Assert.Equal(expected, CommunityMessage.Decode(Hex.Bytes(SnmpdV2cResponse)));
        Assert.Equal(Hex.Of(Hex.Bytes(SnmpdV2cResponse)), Hex.Of(expected.Encode()));
    }

    [Fact]
    public void Net_snmp_v1_get_round_trips_exactly()
    {
        var message = CommunityMessage.Decode(Hex.Bytes(NetSnmpV1Get));
        Assert.Equal(SnmpVersion.V1, message.Version);
        Assert.Equal(0x1DEF5E75, message.Pdu.RequestId);
        Assert.Equal("1.3.6.1.2.1.1.3.0", message.Pdu.VarBinds.Single().Oid.ToString());
        Assert.Equal(Hex.Of(Hex.Bytes(NetSnmpV1Get)), Hex.Of(message.Encode()));
    }

    [Fact]
    public void Net_snmp_v3_discovery_probe_decodes_and_re_encodes_exactly()
    {
        var message = V3MessageCodec.Decode(Hex.Bytes(NetSnmpV3Discovery));
        var expected = new V3Message(0x680B6EC8, 65507, V3Flags.Reportable, 3, UsmSecurityParameters.Empty,
            new ScopedPdu([], [], new Pdu(PduType.GetRequest, 0x061BCA16, 0, 0, [])), null);
        Assert.Equal(expected, message);

        var encoded = V3MessageCodec.Encode(0x680B6EC8, 65507, V3Flags.Reportable, UsmSecurityParameters.Empty, expected.ScopedPdu!);
        Assert.Equal(Hex.Of(Hex.Bytes(NetSnmpV3Discovery)), Hex.Of(encoded));
    }

    [Fact]
    public void Snmpd_discovery_report_gives_engine_id_boots_time_and_the_report_kind()
    {
        var message = V3MessageCodec.Decode(Hex.Bytes(SnmpdDiscoveryReport));
        Assert.Equal(0x63E133CA, message.MessageId);
        Assert.Equal(V3Flags.None, message.Flags);
        Assert.Equal("80001F88805E340479262D0A6B00000000", Hex.Of(message.Security.EngineId));
        Assert.Equal(1, message.Security.EngineBoots);
        Assert.Equal(3, message.Security.EngineTime);
        var pdu = message.ScopedPdu!.Pdu;
        Assert.Equal(PduType.Report, pdu.Type);
        Assert.Equal(0x1E53A1C4, pdu.RequestId);
        Assert.Equal(new VarBind(Oid.Parse("1.3.6.1.6.3.15.1.1.4.0"), SnmpValue.Counter32(2)), pdu.VarBinds.Single());
        Assert.Equal(UsmReportKind.UnknownEngineId, UsmReport.Classify(pdu));

        var reEncoded = V3MessageCodec.Encode(message.MessageId, message.MaxSize, message.Flags, message.Security, message.ScopedPdu);
        Assert.Equal(Hex.Of(Hex.Bytes(SnmpdDiscoveryReport)), Hex.Of(reEncoded));
    }

    [Fact]
    public void Header_peek_finds_the_correlation_number_of_every_version()
    {
        Assert.Equal(new MessageHeader(SnmpVersion.V2c, 0x5AAA2367), MessageHeader.Peek(Hex.Bytes(NetSnmpV2cGet)));
        Assert.Equal(new MessageHeader(SnmpVersion.V1, 0x1DEF5E75), MessageHeader.Peek(Hex.Bytes(NetSnmpV1Get)));
        Assert.Equal(new MessageHeader(SnmpVersion.V3, 0x63E133CA), MessageHeader.Peek(Hex.Bytes(SnmpdDiscoveryReport)));
    }

    [Fact]
    public void A_community_message_never_prints_its_community()
    {
        var message = CommunityMessage.Decode(Hex.Bytes(NetSnmpV2cGet));
        Assert.DoesNotContain("public", message.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Net_snmp_get_bulk_carries_non_repeaters_and_max_repetitions_in_the_error_fields()
    {
        // snmpbulkget -v2c -Cn1 -Cr25 … 1.3.6.1.2.1.1.3.0 1.3.6.1.2.1.2.2.1.2
        const string captured = "30 38 02 01 01 04 06 70 75 62 6C 69 63 A5 2B 02 04 37 26 BA 3F 02 01 01 02 01 19 30 1D 30 0C 06 " +
                                "08 2B 06 01 02 01 01 03 00 05 00 30 0D 06 09 2B 06 01 02 01 02 02 01 02 05 00";
        var pdu = Pdu.GetBulk(0x3726BA3F, 1, 25, Oid.Parse("1.3.6.1.2.1.1.3.0"), Oid.Parse("1.3.6.1.2.1.2.2.1.2"));
        Assert.Equal(Hex.Of(Hex.Bytes(captured)), Hex.Of(new CommunityMessage(SnmpVersion.V2c, Public, pdu).Encode()));
        var decoded = CommunityMessage.Decode(Hex.Bytes(captured)).Pdu;
        Assert.Equal((1, 25), (decoded.NonRepeaters, decoded.MaxRepetitions));
        Assert.Equal(pdu, decoded);
    }
}
