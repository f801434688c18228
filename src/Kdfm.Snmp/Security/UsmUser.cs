namespace Kdfm.Snmp.Security;

/// <summary>An SNMPv3 USM user as a manager knows it. Passphrases are <see cref="Secret"/>s.</summary>
public sealed record UsmUser(
    string Name,
    AuthProtocol Auth = AuthProtocol.None,
    Secret? AuthPassphrase = null,
    PrivProtocol Priv = PrivProtocol.None,
    Secret? PrivPassphrase = null)
{
    public SecurityLevel Level =>
        Auth == AuthProtocol.None ? SecurityLevel.NoAuthNoPriv :
        Priv == PrivProtocol.None ? SecurityLevel.AuthNoPriv : SecurityLevel.AuthPriv;

    /// <summary>Checks the combination; returns why it is unusable, or null.</summary>
    public string? Validate()
    {
        if (Auth != AuthProtocol.None && (AuthPassphrase is null || AuthPassphrase.Length < 8))
        {
            return $"user {Name}: the authentication passphrase must be at least 8 characters (RFC 3414 §11.2)";
        }

        if (Priv != PrivProtocol.None)
        {
            if (Auth == AuthProtocol.None)
            {
                return $"user {Name}: privacy needs authentication (RFC 3414 §3.1.1)";
            }

            if (PrivPassphrase is null || PrivPassphrase.Length < 8)
            {
                return $"user {Name}: the privacy passphrase must be at least 8 characters (RFC 3414 §11.2)";
            }
        }

        return null;
    }
}
