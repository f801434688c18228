using System.Text;
using QRCoder;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// What a person needs to add the portal to an authenticator app: the key (Base32, RFC 4648) in groups of four to type
/// it, and the otpauth URI (the de facto "Key Uri Format" of authenticator apps) as a QR code. Pure: the key comes in.
/// </summary>
public sealed record AuthenticatorKey(string Key, string Grouped, string Uri, string QrCodeDataUri)
{
    public const string Issuer = "Kdfm";

    public static AuthenticatorKey For(string account, string key)
    {
        string uri = $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(account)}" +
                     $"?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6&period=30"; // RFC 6238 defaults
        byte[] png = PngByteQRCodeHelper.GetQRCode(uri, QRCodeGenerator.ECCLevel.Q, 5);
        return new AuthenticatorKey(key, Group(key), uri, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>"JBSWY3DPEHPK3PXP" → "jbsw y3dp ehpk 3pxp": easier to read aloud and to type (apps take either case).</summary>
    public static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (int i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                grouped.Append(' ');
            }

            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return grouped.ToString().ToLowerInvariant();
    }

    public override string ToString() => $"AuthenticatorKey(***)";
}
