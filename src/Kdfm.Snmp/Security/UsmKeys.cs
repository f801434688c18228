namespace Kdfm.Snmp.Security;

/// <summary>Password-to-key and key localisation (RFC 3414 §2.6, A.2; RFC 7860 §4.1 for SHA-2). Pure functions.</summary>
public static class UsmKeys
{
    private const int PasswordExpansion = 1_048_576;

    /// <summary>Ku: the hash of the passphrase repeated to 1 MB (RFC 3414 A.2.1 / A.2.2).</summary>
    public static byte[] PasswordToKey(AuthProtocol protocol, ReadOnlySpan<byte> passphrase)
    {
        if (passphrase.IsEmpty)
        {
            throw new ArgumentException("an empty passphrase cannot be turned into a key", nameof(passphrase));
        }

        var expanded = new byte[PasswordExpansion];
        for (int i = 0; i < PasswordExpansion; i += passphrase.Length)
        {
            passphrase[..Math.Min(passphrase.Length, PasswordExpansion - i)].CopyTo(expanded.AsSpan(i));
        }

        return protocol.Hash(expanded);
    }

    /// <summary>Kul = H(Ku ‖ engineID ‖ Ku) (RFC 3414 §2.6).</summary>
    public static byte[] Localize(AuthProtocol protocol, ReadOnlySpan<byte> ku, ReadOnlySpan<byte> engineId)
    {
        var buffer = new byte[ku.Length * 2 + engineId.Length];
        ku.CopyTo(buffer);
        engineId.CopyTo(buffer.AsSpan(ku.Length));
        ku.CopyTo(buffer.AsSpan(ku.Length + engineId.Length));
        return protocol.Hash(buffer);
    }

    /// <summary>
    /// The localised privacy key, extended to the cipher's length when the auth hash is too short:
    /// Blumenthal (draft-blumenthal-aes-usm-04 §3.1.2.1): Kul ‖ H(Kul) ‖ H(Kul ‖ H(Kul)) …;
    /// Reeder (draft-reeder-snmpv3-usm-3desede-00 §2.1): Kul ‖ Localize(PasswordToKey(Kul)) ….
    /// </summary>
    public static byte[] LocalizePrivacyKey(AuthProtocol auth, PrivProtocol priv, ReadOnlySpan<byte> privKu, ReadOnlySpan<byte> engineId)
    {
        var key = Localize(auth, privKu, engineId);
        int needed = priv.KeyLength();
        bool reeder = priv is PrivProtocol.Aes192C or PrivProtocol.Aes256C;
        while (key.Length < needed)
        {
            byte[] more = reeder
                ? Localize(auth, PasswordToKey(auth, key), engineId)
                : auth.Hash(key);
            key = [.. key, .. more];
        }

        return key.Length == needed ? key : key[..needed];
    }
}
