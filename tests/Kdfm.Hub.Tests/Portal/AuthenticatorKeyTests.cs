using Kdfm.Hub.Portal.Accounts;

namespace Kdfm.Hub.Tests.Portal;

public sealed class AuthenticatorKeyTests
{
    [Fact]
    public void The_key_is_shown_in_lower_case_groups_of_four()
    {
        Assert.Equal("jbsw y3dp ehpk 3pxp", AuthenticatorKey.Group("JBSWY3DPEHPK3PXP"));
        Assert.Equal("abcd ef", AuthenticatorKey.Group("ABCDEF"));
        Assert.Equal(string.Empty, AuthenticatorKey.Group(string.Empty));
    }

    [Fact]
    public void The_uri_names_the_issuer_and_the_account_and_the_qr_code_is_a_png_data_uri()
    {
        var key = AuthenticatorKey.For("ada+ops@acme.example", "JBSWY3DPEHPK3PXP");

        Assert.Equal("otpauth://totp/Kdfm:ada%2Bops%40acme.example?secret=JBSWY3DPEHPK3PXP&issuer=Kdfm&digits=6&period=30", key.Uri);
        Assert.StartsWith("data:image/png;base64,", key.QrCodeDataUri, StringComparison.Ordinal);
        byte[] png = Convert.FromBase64String(key.QrCodeDataUri["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]); // PNG signature
        Assert.Equal("AuthenticatorKey(***)", key.ToString());
    }
}
