using System.Text;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Tests.Security;

/// <summary>Fixed vectors made with OpenSSL 3 (<c>openssl enc -aes-128-cfb / -aes-256-cfb / -des-cbc -nopad</c>).</summary>
public class PrivacyTests
{
    private static readonly byte[] Plaintext = Encoding.ASCII.GetBytes("Kdfm scoped PDU");

    [Theory]
    [InlineData(PrivProtocol.Aes128, "000102030405060708090A0B0C0D0E0F", "A425A3302E6949C754D2358F51EDAD")]
    [InlineData(PrivProtocol.Aes256, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "8CB09C5C4D232F96B54FD712049022")]
    public void Aes_cfb_uses_boots_time_and_salt_as_iv(PrivProtocol protocol, string key, string expected)
    {
        // RFC 3826 §3.1.2.1: IV = boots (1) ‖ time (2) ‖ salt (0102030405060708)
        var (ciphertext, salt) = UsmPrivacy.Encrypt(protocol, Hex.Bytes(key), 1, 2, 0x0102030405060708UL, Plaintext);
        Assert.Equal(expected, Hex.Of(ciphertext));
        Assert.Equal("0102030405060708", Hex.Of(salt));
        Assert.Equal(Plaintext, UsmPrivacy.Decrypt(protocol, Hex.Bytes(key), 1, 2, salt, ciphertext));
    }

    [Fact]
    public void Des_cbc_xors_the_pre_iv_with_the_salt_and_pads_to_eight()
    {
        // Key 0102030405060708, pre-IV 1112131415161718; boots 0 and salt 0 leave the IV equal to the pre-IV.
        var key = Hex.Bytes("0102030405060708 1112131415161718");
        var (ciphertext, salt) = UsmPrivacy.Encrypt(PrivProtocol.Des, key, 0, 0, 0, Plaintext);
        Assert.Equal("250CD093D704A819CD2484F5E890A9CC", Hex.Of(ciphertext));
        Assert.Equal("0000000000000000", Hex.Of(salt));
        var decrypted = UsmPrivacy.Decrypt(PrivProtocol.Des, key, 0, 0, salt, ciphertext)!;
        Assert.Equal(Plaintext, decrypted[..Plaintext.Length]);
        Assert.Equal(0, decrypted[^1]);
    }

    [Fact]
    public void Des_salt_is_boots_then_the_local_counter()
    {
        var key = Hex.Bytes("0102030405060708 1112131415161718");
        var (_, salt) = UsmPrivacy.Encrypt(PrivProtocol.Des, key, 7, 0, 0xAABBCCDD, Plaintext);
        Assert.Equal("00000007AABBCCDD", Hex.Of(salt));
    }

    [Fact]
    public void Wrong_privacy_parameters_are_a_decryption_error_not_an_exception()
    {
        var key = Hex.Bytes("0102030405060708 1112131415161718");
        Assert.Null(UsmPrivacy.Decrypt(PrivProtocol.Des, key, 0, 0, new byte[7], new byte[16]));
        Assert.Null(UsmPrivacy.Decrypt(PrivProtocol.Des, key, 0, 0, new byte[8], new byte[15]));
        Assert.Null(UsmPrivacy.Decrypt(PrivProtocol.Aes128, key, 0, 0, new byte[3], new byte[15]));
    }
}
