using Kdfm.Simulator.Agent;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Agent;

/// <summary>Whatever arrives, the agent answers, stays silent or reports malformed input: nothing else escapes.</summary>
public class ResponderFuzzTests
{
    [Fact]
    public void Random_and_mutated_requests_only_produce_the_codec_exception()
    {
        var user = new UsmUser("kdfm", AuthProtocol.Sha1, new Secret("authpass-1"), PrivProtocol.Des, new Secret("privpass-1"));
        var (devices, _) = FleetBuilder.Build(new FleetOptions([RepositoryPaths.DemoWalks], Kdfm.Snmp.Addressing.AddressRange.Parse("127.21.250.0/24"), 1161), 0);
        var device = devices[0];
        var responder = new AgentResponder(new Secret("public"), MasterKeys.From(user));
        var keys = device.Keys(MasterKeys.From(user));
        byte[][] seeds =
        [
            new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), Pdu.GetBulk(1, 1, 10, Oid.Parse("1.3.6.1.2.1.1"), Oid.Parse("1.3.6.1.2.1.43"))).Encode(),
            new CommunityMessage(SnmpVersion.V1, "public"u8.ToArray(), Pdu.GetNext(2, Oid.Parse("1.3.6.1"))).Encode(),
            V3MessageCodec.Encode(3, 65507, V3Flags.Reportable, UsmSecurityParameters.Empty, new ScopedPdu([], [], Pdu.Get(3))),
            V3MessageCodec.Encode(4, 65507, V3Flags.Auth | V3Flags.Priv | V3Flags.Reportable,
                new UsmSecurityParameters(device.EngineId, 1, 0, "kdfm"u8.ToArray(), [], []),
                new ScopedPdu(device.EngineId, [], Pdu.GetBulk(4, 0, 20, Oid.Parse("1.3.6.1"))), user.Auth, user.Priv, keys, 1),
        ];
        var random = new Random(99);
        var writer = new BerWriter();
        int answered = 0;
        int malformed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var seed = seeds[random.Next(seeds.Length)];
            var datagram = (byte[])seed.Clone();
            switch (random.Next(3))
            {
                case 0:
                    datagram[random.Next(datagram.Length)] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    datagram = datagram[..random.Next(datagram.Length)];
                    break;
                default:
                    random.NextBytes(datagram);
                    break;
            }

            try
            {
                answered += responder.Respond(device, datagram, writer, 0) ? 1 : 0;
            }
            catch (BerDecodeException)
            {
                malformed++;
            }
        }

        Assert.True(malformed > 5000, $"{malformed} malformed");
        Assert.True(answered > 100, $"{answered} answered");
        // And it still answers a good request afterwards.
        Assert.True(responder.Respond(device, seeds[0], writer, 0));
        Assert.Equal(PduType.Response, CommunityMessage.Decode(writer.WrittenSpan).Pdu.Type);
    }
}
