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

    /// <summary>Derives both keys from the user's passphrases (two 1 MB hashes: prefer <see cref="MasterKeys"/> once per user).</summary>
    public static LocalizedKeys Derive(UsmUser user, ReadOnlySpan<byte> engineId) => MasterKeys.From(user).Localize(engineId);

    public override string ToString() => "LocalizedKeys { *** }";
}
