using System.Collections.Immutable;
using Kdfm.Snmp;
using Kdfm.Snmp.Messages;

namespace Kdfm.Benchmarks.Codec;

/// <summary>A realistic GETBULK response: 25 rows of a printer's supplies and counters, mixed types.</summary>
internal static class GetBulkResponse
{
    public static CommunityMessage Message { get; } = Build();

    public static byte[] Bytes { get; } = Message.Encode();

    private static CommunityMessage Build()
    {
        var rows = ImmutableArray.CreateBuilder<VarBind>();
        for (uint i = 1; i <= 5; i++)
        {
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.11.1.1.6.1.{i}"), SnmpValue.OctetString($"Black Toner Cartridge HP 9{i}9X")));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.11.1.1.8.1.{i}"), SnmpValue.Integer(7200)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.11.1.1.9.1.{i}"), SnmpValue.Integer(i == 3 ? -3 : 2400 * i)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.10.2.1.4.1.{i}"), SnmpValue.Counter32(123456 * i)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.2.2.1.6.{i}"), SnmpValue.OctetString([0x00, 0x17, 0xC8, 0x12, 0x34, (byte)i])));
        }

        return new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), new Pdu(PduType.Response, 0x1234567, 0, 0, rows.ToImmutable()));
    }
}
