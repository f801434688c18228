namespace Kdfm.Snmp.Security;

/// <summary>A user's keys localised to one engine (RFC 3414 §2.6). Printing it shows no key.</summary>
public sealed class LocalizedKeys
{
    public LocalizedKeys(byte[] authKey, byte[] privKey)
    {
        AuthKey = authKey;
        PrivKey = privKey;
    }

    public byte[] AuthKey { get; }

    public byte[] PrivKey { get; }

    /// <summary>Derives both keys from the user's passphrases (an expensive 1 MB hash each: cache the result).</summary>
    public static LocalizedKeys Derive(UsmUser user, ReadOnlySpan<byte> engineId)
    {
        if (user.Auth == AuthProtocol.None || user.AuthPassphrase is null)
        {
            return new LocalizedKeys([], []);
        }

        var authKu = UsmKeys.PasswordToKey(user.Auth, user.AuthPassphrase.Reveal());
        var authKey = UsmKeys.Localize(user.Auth, authKu, engineId);
        if (user.Priv == PrivProtocol.None || user.PrivPassphrase is null)
        {
            return new LocalizedKeys(authKey, []);
        }

        var privKu = user.PrivPassphrase.Equals(user.AuthPassphrase) ? authKu : UsmKeys.PasswordToKey(user.Auth, user.PrivPassphrase.Reveal());
        return new LocalizedKeys(authKey, UsmKeys.LocalizePrivacyKey(user.Auth, user.Priv, privKu, engineId));
    }

    public override string ToString() => "LocalizedKeys { *** }";
}
