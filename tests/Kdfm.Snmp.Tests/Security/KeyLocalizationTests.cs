using System.Text;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Tests.Security;

public class KeyLocalizationTests
{
    private static readonly byte[] Maplesyrup = Encoding.ASCII.GetBytes("maplesyrup");
    private static readonly byte[] EngineId = Hex.Bytes("000000000000000000000002");

    [Theory]
    // RFC 3414 A.3.1 (MD5) and A.3.2 (SHA-1)
    [InlineData(AuthProtocol.Md5, "9FAF3283884E92834EBC9847D8EDD963", "526F5EED9FCCE26F8964C2930787D82B")]
    [InlineData(AuthProtocol.Sha1, "9FB5CC0381497B3793528939FF788D5D79145211", "6695FEBC9288E36282235FC7151F128497B38F3F")]
    public void Rfc3414_maplesyrup_vectors(AuthProtocol protocol, string ku, string kul)
    {
        var master = UsmKeys.PasswordToKey(protocol, Maplesyrup);
        Assert.Equal(ku, Hex.Of(master));
        Assert.Equal(kul, Hex.Of(UsmKeys.Localize(protocol, master, EngineId)));
    }

    [Theory]
    // Computed with pysnmp 4.4.12 (Debian's python3-pysnmp4): AesBlumenthal192/256 and Aes192/256 (Reeder).
    [InlineData(AuthProtocol.Md5, PrivProtocol.Aes192, "526F5EED9FCCE26F8964C2930787D82BFA24A92467426C2F")]
    [InlineData(AuthProtocol.Md5, PrivProtocol.Aes256, "526F5EED9FCCE26F8964C2930787D82BFA24A92467426C2F4B09192BE10DFAEC")]
    [InlineData(AuthProtocol.Md5, PrivProtocol.Aes192C, "526F5EED9FCCE26F8964C2930787D82B79EFF44A90650EE0")]
    [InlineData(AuthProtocol.Md5, PrivProtocol.Aes256C, "526F5EED9FCCE26F8964C2930787D82B79EFF44A90650EE0A3A40ABFAC5ACC12")]
    [InlineData(AuthProtocol.Sha1, PrivProtocol.Aes192, "6695FEBC9288E36282235FC7151F128497B38F3F505E07EB")]
    [InlineData(AuthProtocol.Sha1, PrivProtocol.Aes256, "6695FEBC9288E36282235FC7151F128497B38F3F505E07EB9AF25568FA1F5DBE")]
    [InlineData(AuthProtocol.Sha1, PrivProtocol.Aes192C, "6695FEBC9288E36282235FC7151F128497B38F3F9B8B6D78")]
    [InlineData(AuthProtocol.Sha1, PrivProtocol.Aes256C, "6695FEBC9288E36282235FC7151F128497B38F3F9B8B6D78936BA6E7D19DFD9C")]
    public void Extends_privacy_keys_the_Blumenthal_and_the_Reeder_way(AuthProtocol auth, PrivProtocol priv, string expected)
    {
        var ku = UsmKeys.PasswordToKey(auth, Maplesyrup);
        Assert.Equal(expected, Hex.Of(UsmKeys.LocalizePrivacyKey(auth, priv, ku, EngineId)));
    }

    [Fact]
    public void Keys_longer_than_needed_are_cut_not_extended()
    {
        var ku = UsmKeys.PasswordToKey(AuthProtocol.Sha512, Maplesyrup);
        var kul = UsmKeys.Localize(AuthProtocol.Sha512, ku, EngineId);
        Assert.Equal(64, kul.Length);
        Assert.Equal(Hex.Of(kul[..32]), Hex.Of(UsmKeys.LocalizePrivacyKey(AuthProtocol.Sha512, PrivProtocol.Aes256, ku, EngineId)));
        Assert.Equal(Hex.Of(kul[..16]), Hex.Of(UsmKeys.LocalizePrivacyKey(AuthProtocol.Sha512, PrivProtocol.Des, ku, EngineId)));
    }

    [Theory]
    // FIPS 180-4 example "abc" and the empty string; RFC 4231 test case 1 and 2 for HMAC-SHA-224.
    [InlineData("abc", "23097D223405D8228642A477BDA255B32AADBCE4BDA0B3F7E36C9DA7")]
    [InlineData("", "D14A028C2A3A2BC9476102BB288234C415A2B01F828EA62AC5B3E42F")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388B16512776CC5DBA5DA1FD890150B0C6455CB4F58B1952522525")]
    public void Sha224_matches_fips_vectors(string text, string expected) =>
        Assert.Equal(expected, Hex.Of(Sha224.Hash(Encoding.ASCII.GetBytes(text))));

    [Fact]
    public void Hmac_sha224_matches_rfc4231()
    {
        Assert.Equal("896FB1128ABBDF196832107CD49DF33F47B4B1169912BA4F53684B22",
            Hex.Of(Sha224.Hmac(Enumerable.Repeat((byte)0x0B, 20).ToArray(), Encoding.ASCII.GetBytes("Hi There"))));
        Assert.Equal("A30E01098BC6DBBF45690F3A7E9E6D0F8BBEA2A39E6148008FD05E44",
            Hex.Of(Sha224.Hmac(Encoding.ASCII.GetBytes("Jefe"), Encoding.ASCII.GetBytes("what do ya want for nothing?"))));
        // A key longer than the block is hashed first (RFC 4231 test case 6).
        Assert.Equal("95E9A0DB962095ADAEBE9B2D6F0DBCE2D499F112F2D2B7273FA6870E",
            Hex.Of(Sha224.Hmac(Enumerable.Repeat((byte)0xAA, 131).ToArray(), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"))));
    }

    [Fact]
    public void Secrets_and_keys_never_print()
    {
        var user = new UsmUser("kdfm", AuthProtocol.Sha256, new Secret("authpass1"), PrivProtocol.Aes128, new Secret("privpass1"));
        Assert.DoesNotContain("authpass1", user.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("privpass1", user.ToString(), StringComparison.Ordinal);
        Assert.Equal("***", new Secret("public").ToString());
        Assert.DoesNotContain(Hex.Of(LocalizedKeys.Derive(user, EngineId).AuthKey), LocalizedKeys.Derive(user, EngineId).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", null, "at least 8")]
    [InlineData("authpass1", "short", "privacy passphrase")]
    public void Short_passphrases_are_refused_with_the_rule(string auth, string? priv, string expected)
    {
        var user = new UsmUser("kdfm", AuthProtocol.Sha1, new Secret(auth), priv is null ? PrivProtocol.None : PrivProtocol.Aes128, priv is null ? null : new Secret(priv));
        Assert.Contains(expected, user.Validate(), StringComparison.Ordinal);
    }
}
