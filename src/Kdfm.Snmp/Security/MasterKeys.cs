namespace Kdfm.Snmp.Security;

/// <summary>
/// A user's Ku keys (RFC 3414 §2.6): the expensive, engine-independent half of key derivation, computed once
/// per user; <see cref="Localize"/> is then one short hash per engine.
/// </summary>
public sealed class MasterKeys
{
    private readonly byte[] _authKu;
    private readonly byte[] _privKu;

    private MasterKeys(UsmUser user, byte[] authKu, byte[] privKu)
    {
        User = user;
        _authKu = authKu;
        _privKu = privKu;
    }

    public UsmUser User { get; }

    public static MasterKeys From(UsmUser user)
    {
        if (user.Auth == AuthProtocol.None || user.AuthPassphrase is null)
        {
            return new MasterKeys(user, [], []);
        }

        var authKu = UsmKeys.PasswordToKey(user.Auth, user.AuthPassphrase.Reveal());
        var privKu = user.Priv == PrivProtocol.None || user.PrivPassphrase is null ? [] :
            user.PrivPassphrase.Equals(user.AuthPassphrase) ? authKu : UsmKeys.PasswordToKey(user.Auth, user.PrivPassphrase.Reveal());
        return new MasterKeys(user, authKu, privKu);
    }

    public LocalizedKeys Localize(ReadOnlySpan<byte> engineId)
    {
        if (_authKu.Length == 0)
        {
            return new LocalizedKeys([], []);
        }

        var authKey = UsmKeys.Localize(User.Auth, _authKu, engineId);
        var privKey = _privKu.Length == 0 ? [] : UsmKeys.LocalizePrivacyKey(User.Auth, User.Priv, _privKu, engineId);
        return new LocalizedKeys(authKey, privKey);
    }

    public override string ToString() => $"MasterKeys {{ User = {User.Name}, *** }}";
}
