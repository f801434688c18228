using System.Text;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Tests.Security;

public class V3MessageCodecTests
{
    private static readonly byte[] EngineId = Hex.Bytes("80001F8880AABBCCDD");

    public static TheoryData<AuthProtocol, PrivProtocol> Combinations()
    {
        var data = new TheoryData<AuthProtocol, PrivProtocol>();
        foreach (var auth in Enum.GetValues<AuthProtocol>().Where(a => a != AuthProtocol.None))
        {
            foreach (var priv in Enum.GetValues<PrivProtocol>())
            {
                data.Add(auth, priv);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Authenticated_and_encrypted_messages_verify_and_decrypt_to_the_same_scoped_pdu(AuthProtocol auth, PrivProtocol priv)
    {
        var user = new UsmUser("kdfm", auth, new Secret("authpass1"), priv, priv == PrivProtocol.None ? null : new Secret("privpass1"));
        var keys = LocalizedKeys.Derive(user, EngineId);
        var scoped = new ScopedPdu(EngineId, [], Pdu.Get(42, Oid.Parse("1.3.6.1.2.1.1.1.0")));
        var flags = V3Flags.Auth | V3Flags.Reportable | (priv == PrivProtocol.None ? V3Flags.None : V3Flags.Priv);
        var security = new UsmSecurityParameters(EngineId, 3, 1234, Encoding.ASCII.GetBytes("kdfm"), [], []);

        var bytes = V3MessageCodec.Encode(9, 65507, flags, security, scoped, auth, priv, keys, salt: 77);
        var message = V3MessageCodec.Decode(bytes);

        Assert.Equal(auth.MacLength(), message.Security.AuthParameters.Length);
        Assert.True(V3MessageCodec.Authenticate(auth, keys.AuthKey, bytes, message));
        Assert.Equal(priv == PrivProtocol.None, message.EncryptedPdu is null);
        Assert.Equal(scoped, V3MessageCodec.Decrypt(priv, keys.PrivKey, message));

        // One flipped bit anywhere in the message breaks the digest.
        bytes[bytes.Length / 2] ^= 0x01;
        var tampered = V3MessageCodec.Decode(bytes);
        Assert.False(V3MessageCodec.Authenticate(auth, keys.AuthKey, bytes, tampered));
    }

    [Fact]
    public void The_wrong_key_gives_wrong_digest_and_decryption_error_not_an_exception()
    {
        var right = LocalizedKeys.Derive(new UsmUser("u", AuthProtocol.Sha256, new Secret("authpass1"), PrivProtocol.Aes128, new Secret("privpass1")), EngineId);
        var wrong = LocalizedKeys.Derive(new UsmUser("u", AuthProtocol.Sha256, new Secret("authpass2"), PrivProtocol.Aes128, new Secret("privpass2")), EngineId);
        var scoped = new ScopedPdu(EngineId, [], Pdu.Get(1, Oid.Parse("1.3.6.1.2.1.1.1.0")));
        var security = new UsmSecurityParameters(EngineId, 1, 1, Encoding.ASCII.GetBytes("u"), [], []);
        var bytes = V3MessageCodec.Encode(1, 65507, V3Flags.Auth | V3Flags.Priv, security, scoped, AuthProtocol.Sha256, PrivProtocol.Aes128, right, 5);
        var message = V3MessageCodec.Decode(bytes);

        Assert.False(V3MessageCodec.Authenticate(AuthProtocol.Sha256, wrong.AuthKey, bytes, message));
        Assert.Null(V3MessageCodec.Decrypt(PrivProtocol.Aes128, wrong.PrivKey, message));
    }

    [Fact]
    public void Encrypted_messages_hide_the_pdu()
    {
        var keys = LocalizedKeys.Derive(new UsmUser("u", AuthProtocol.Sha1, new Secret("authpass1"), PrivProtocol.Aes256, new Secret("privpass1")), EngineId);
        var scoped = new ScopedPdu(EngineId, [], new Pdu(PduType.Response, 1, 0, 0, [new VarBind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("secret-printer-name"))]));
        var bytes = V3MessageCodec.Encode(1, 65507, V3Flags.Auth | V3Flags.Priv, new UsmSecurityParameters(EngineId, 1, 1, "u"u8.ToArray(), [], []),
            scoped, AuthProtocol.Sha1, PrivProtocol.Aes256, keys, 1);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("secret-printer-name"u8));
    }

    [Fact]
    public void A_v3_message_with_a_two_byte_flags_field_is_malformed()
    {
        var good = V3MessageCodec.Encode(1, 484, V3Flags.Reportable, UsmSecurityParameters.Empty, new ScopedPdu([], [], Pdu.Get(1)));
        // msgFlags is "04 01 04"; make it "04 02 04 00" by re-encoding the global data by hand.
        var writer = new BerWriter();
        int message = writer.Begin(BerTag.Sequence);
        writer.WriteInteger(3);
        int global = writer.Begin(BerTag.Sequence);
        writer.WriteInteger(1);
        writer.WriteInteger(484);
        writer.WriteOctetString([4, 0]);
        writer.WriteInteger(3);
        writer.End(global);
        writer.WriteRaw(good.AsSpan(good.AsSpan().IndexOf(new byte[] { 0x04, 0x10 })));
        writer.End(message);
        var e = Assert.Throws<BerDecodeException>(() => V3MessageCodec.Decode(writer.ToArray()));
        Assert.Equal(BerErrorKind.InvalidValue, e.Kind);
    }
}
