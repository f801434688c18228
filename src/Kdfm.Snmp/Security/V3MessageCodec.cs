using System.Security.Cryptography;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Security;

/// <summary>
/// Encodes and decodes SNMPv3 messages with the User-based Security Model (RFC 3412 §6, RFC 3414 §3).
/// Pure: keys, salt, boots and time come in as arguments.
/// </summary>
public static class V3MessageCodec
{
    /// <summary>
    /// Serialises a message; with authentication, msgAuthenticationParameters is computed over the whole
    /// message (RFC 3414 §6.3.1, §7.3.1; RFC 7860 §4.2); with privacy, the scopedPDU is encrypted first.
    /// </summary>
    public static byte[] Encode(
        int messageId,
        int maxSize,
        V3Flags flags,
        UsmSecurityParameters security,
        ScopedPdu scopedPdu,
        AuthProtocol auth = AuthProtocol.None,
        PrivProtocol priv = PrivProtocol.None,
        LocalizedKeys? keys = null,
        ulong salt = 0)
    {
        bool authenticate = (flags & V3Flags.Auth) != 0;
        bool encrypt = (flags & V3Flags.Priv) != 0;
        if ((authenticate || encrypt) && keys is null)
        {
            throw new ArgumentException("authentication and privacy need localised keys", nameof(keys));
        }

        var writer = new BerWriter(512);
        byte[]? ciphertext = null;
        if (encrypt)
        {
            scopedPdu.Encode(writer);
            (ciphertext, var privParameters) = UsmPrivacy.Encrypt(priv, keys!.PrivKey, security.EngineBoots, security.EngineTime, salt, writer.WrittenSpan);
            security = security with { PrivParameters = privParameters };
            writer.Reset();
        }

        if (authenticate)
        {
            security = security with { AuthParameters = new byte[auth.MacLength()] };
        }

        int message = writer.Begin(BerTag.Sequence);
        writer.WriteInteger((int)SnmpVersion.V3);
        int global = writer.Begin(BerTag.Sequence);
        writer.WriteInteger(messageId);
        writer.WriteInteger(maxSize);
        writer.WriteOctetString([(byte)flags]);
        writer.WriteInteger(V3Message.UsmSecurityModel);
        writer.End(global);
        int securityParameters = writer.Begin(BerTag.OctetString);
        security.Encode(writer);
        writer.End(securityParameters);
        if (ciphertext is not null)
        {
            writer.WriteOctetString(ciphertext);
        }
        else
        {
            scopedPdu.Encode(writer);
        }

        writer.End(message);
        var bytes = writer.ToArray();
        if (authenticate)
        {
            int offset = LocateAuthParameters(bytes);
            var mac = auth.Hmac(keys!.AuthKey, bytes);
            mac.AsSpan(0, auth.MacLength()).CopyTo(bytes.AsSpan(offset));
        }

        return bytes;
    }

    /// <summary>Decodes a whole datagram; the scopedPDU stays encrypted when msgFlags says privacy.</summary>
    public static V3Message Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence);
        outer.EnsureEnd();
        int at = message.Offset;
        int version = message.ReadInt32();
        if (version != (int)SnmpVersion.V3)
        {
            throw new BerDecodeException(BerErrorKind.UnsupportedVersion, at, BerTag.Integer, $"version {version} is not v3");
        }

        var global = message.ReadConstructed(BerTag.Sequence);
        int messageId = global.ReadInt32();
        int maxSize = global.ReadInt32();
        int flagsAt = global.Offset;
        var flagBytes = global.ReadExpected(BerTag.OctetString);
        if (flagBytes.Length != 1)
        {
            throw new BerDecodeException(BerErrorKind.InvalidValue, flagsAt, BerTag.OctetString, "msgFlags is one octet (RFC 3412 §6.4)");
        }

        int securityModel = global.ReadInt32();
        global.EnsureEnd();

        var securityOctets = message.ReadExpected(BerTag.OctetString, out int securityOffset);
        var securityReader = new BerReader(securityOctets, securityOffset);
        var usm = securityReader.ReadConstructed(BerTag.Sequence);
        securityReader.EnsureEnd();
        var engineId = usm.ReadExpected(BerTag.OctetString).ToArray();
        int boots = usm.ReadInt32();
        int time = usm.ReadInt32();
        var userName = usm.ReadExpected(BerTag.OctetString).ToArray();
        var authParameters = usm.ReadExpected(BerTag.OctetString, out int authOffset).ToArray();
        var privParameters = usm.ReadExpected(BerTag.OctetString).ToArray();
        usm.EnsureEnd();

        var flags = (V3Flags)flagBytes[0];
        ScopedPdu? scoped = null;
        byte[]? encrypted = null;
        if ((flags & V3Flags.Priv) != 0)
        {
            encrypted = message.ReadExpected(BerTag.OctetString).ToArray();
        }
        else
        {
            scoped = ScopedPdu.Decode(ref message);
        }

        message.EnsureEnd();
        var security = new UsmSecurityParameters(engineId, boots, time, userName, authParameters, privParameters);
        return new V3Message(messageId, maxSize, flags, securityModel, security, scoped, encrypted) { AuthParametersOffset = authOffset };
    }

    /// <summary>Checks msgAuthenticationParameters (RFC 3414 §6.3.2 / §7.3.2). False means wrongDigest.</summary>
    public static bool Authenticate(AuthProtocol auth, ReadOnlySpan<byte> authKey, ReadOnlySpan<byte> datagram, V3Message message)
    {
        int macLength = auth.MacLength();
        if (message.Security.AuthParameters.Length != macLength)
        {
            return false;
        }

        var copy = datagram.ToArray();
        copy.AsSpan(message.AuthParametersOffset, macLength).Clear();
        var mac = auth.Hmac(authKey, copy);
        return CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, macLength), message.Security.AuthParameters);
    }

    /// <summary>Decrypts and decodes the scopedPDU; null when it does not decrypt to one (decryptionError).</summary>
    public static ScopedPdu? Decrypt(PrivProtocol priv, ReadOnlySpan<byte> privKey, V3Message message)
    {
        if (message.EncryptedPdu is null)
        {
            return message.ScopedPdu;
        }

        var plaintext = UsmPrivacy.Decrypt(priv, privKey, message.Security.EngineBoots, message.Security.EngineTime,
            message.Security.PrivParameters, message.EncryptedPdu);
        if (plaintext is null)
        {
            return null;
        }

        try
        {
            var reader = new BerReader(plaintext);
            return ScopedPdu.Decode(ref reader);
        }
        catch (BerDecodeException)
        {
            // RFC 3414 §3.2 step 8: a scopedPDU that does not decode after decryption is a decryptionError.
            return null;
        }
    }

    private static int LocateAuthParameters(ReadOnlySpan<byte> message) => Decode(message).AuthParametersOffset;
}
