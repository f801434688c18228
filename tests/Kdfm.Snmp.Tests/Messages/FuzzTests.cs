using System.Net;
using System.Text;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Tests.Messages;

/// <summary>Random and mutated datagrams may only ever produce the codec's own exception.</summary>
public class FuzzTests
{
    private const int Iterations = 20_000;

    internal static byte[][] Seeds()
    {
        var keys = LocalizedKeys.Derive(new UsmUser("kdfm", AuthProtocol.Sha256, new Secret("authpass1"), PrivProtocol.Aes128, new Secret("privpass1")), [1, 2, 3, 4, 5]);
        var response = new Pdu(PduType.Response, 77, 0, 0,
        [
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("printer")),
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.1347.41"))),
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(8640000)),
            new VarBind(Oid.Parse("1.3.6.1.2.1.4.20.1.1.127.0.0.1"), SnmpValue.IpAddress([127, 0, 0, 1])),
            new VarBind(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.1"), SnmpValue.Counter64(ulong.MaxValue)),
            new VarBind(Oid.Parse("1.3.6.1.2.1.43.11.1.1.9.1.1"), SnmpValue.Integer(-3)),
            new VarBind(Oid.Parse("1.3.6.1.2.1.43.11.1.1.9.1.2"), SnmpValue.NoSuchInstance),
        ]);
        return
        [
            new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), response).Encode(),
            new CommunityMessage(SnmpVersion.V1, "public"u8.ToArray(), Pdu.GetNext(5, Oid.Parse("1.3.6.1"))).Encode(),
            V3MessageCodec.Encode(9, 65507, V3Flags.Reportable, UsmSecurityParameters.Empty, new ScopedPdu([], [], Pdu.Get(9))),
            V3MessageCodec.Encode(10, 65507, V3Flags.Auth | V3Flags.Priv, new UsmSecurityParameters([1, 2, 3, 4, 5], 1, 2, "kdfm"u8.ToArray(), [], []),
                new ScopedPdu([1, 2, 3, 4, 5], [], response), AuthProtocol.Sha256, PrivProtocol.Aes128, keys, 3),
        ];
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        switch (random.Next(5))
        {
            case 0:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                int at = random.Next(bytes.Length);
                return [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
            case 3:
                for (int i = 0; i < 1 + random.Next(8); i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            default:
                var noise = new byte[random.Next(0, 120)];
                random.NextBytes(noise);
                return noise;
        }
    }

    [Fact]
    public void Decoders_throw_only_BerDecodeException()
    {
        var random = new Random(20261128);
        var seeds = Seeds();
        int rejected = 0;
        for (int i = 0; i < Iterations; i++)
        {
            var datagram = Mutate(seeds[random.Next(seeds.Length)], random);
            rejected += Decodes(() => MessageHeader.Peek(datagram));
            rejected += Decodes(() => CommunityMessage.Decode(datagram));
            rejected += Decodes(() =>
            {
                var message = V3MessageCodec.Decode(datagram);
                V3MessageCodec.Authenticate(AuthProtocol.Sha256, new byte[32], datagram, message);
                V3MessageCodec.Decrypt(PrivProtocol.Aes128, new byte[16], message);
                V3MessageCodec.Decrypt(PrivProtocol.Des, new byte[16], message);
            });
        }

        // The mutations must actually exercise the error paths, not just pass through.
        Assert.True(rejected > Iterations, $"only {rejected} rejections in {Iterations * 3} decodes");
    }

    private static int Decodes(Action decode)
    {
        try
        {
            decode();
            return 0;
        }
        catch (BerDecodeException)
        {
            return 1;
        }
    }
}
