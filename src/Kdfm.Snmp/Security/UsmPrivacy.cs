using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kdfm.Snmp.Security;

/// <summary>
/// The USM privacy transforms. Pure: the salt comes in as an argument (the caller owns its counter).
/// DES-CBC per RFC 3414 §8.1.1; AES-CFB-128 per RFC 3826 §3.1.2 (the same for 192 and 256-bit keys).
/// </summary>
public static class UsmPrivacy
{
    /// <summary>Encrypts a serialised scopedPDU; returns the ciphertext and msgPrivacyParameters (the 8-byte salt).</summary>
    public static (byte[] Ciphertext, byte[] PrivParameters) Encrypt(
        PrivProtocol protocol, ReadOnlySpan<byte> key, int engineBoots, int engineTime, ulong salt, ReadOnlySpan<byte> plaintext)
    {
        var privParameters = new byte[8];
        if (protocol == PrivProtocol.Des)
        {
            // RFC 3414 §8.1.1.1.2: salt = snmpEngineBoots ‖ a local 32-bit integer.
            BinaryPrimitives.WriteInt32BigEndian(privParameters, engineBoots);
            BinaryPrimitives.WriteUInt32BigEndian(privParameters.AsSpan(4), (uint)salt);
            Span<byte> iv = stackalloc byte[8];
            DesIv(key, privParameters, iv);
            // RFC 3414 §8.1.1.2: pad to a multiple of 8; the padding's value does not matter.
            var padded = new byte[(plaintext.Length + 7) / 8 * 8];
            plaintext.CopyTo(padded);
            using var des = DES.Create();
            des.Key = key[..8].ToArray();
            return (des.EncryptCbc(padded, iv, PaddingMode.None), privParameters);
        }

        BinaryPrimitives.WriteUInt64BigEndian(privParameters, salt);
        Span<byte> aesIv = stackalloc byte[16];
        AesIv(engineBoots, engineTime, privParameters, aesIv);
        return (AesCfb(protocol, key, aesIv, plaintext, encrypt: true), privParameters);
    }

    /// <summary>Decrypts msgData; null when the parameters cannot be right (RFC 3414 §8.3.2 step 1: decryptionError).</summary>
    public static byte[]? Decrypt(
        PrivProtocol protocol, ReadOnlySpan<byte> key, int engineBoots, int engineTime, ReadOnlySpan<byte> privParameters, ReadOnlySpan<byte> ciphertext)
    {
        if (privParameters.Length != 8)
        {
            return null;
        }

        if (protocol == PrivProtocol.Des)
        {
            if (ciphertext.Length % 8 != 0)
            {
                return null;
            }

            Span<byte> iv = stackalloc byte[8];
            DesIv(key, privParameters, iv);
            using var des = DES.Create();
            des.Key = key[..8].ToArray();
            return des.DecryptCbc(ciphertext, iv, PaddingMode.None);
        }

        Span<byte> aesIv = stackalloc byte[16];
        AesIv(engineBoots, engineTime, privParameters, aesIv);
        return AesCfb(protocol, key, aesIv, ciphertext, encrypt: false);
    }

    private static void DesIv(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        // RFC 3414 §8.1.1.1.2: IV = pre-IV (key bytes 8..15) XOR salt.
        for (int i = 0; i < 8; i++)
        {
            iv[i] = (byte)(key[8 + i] ^ salt[i]);
        }
    }

    private static void AesIv(int engineBoots, int engineTime, ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        // RFC 3826 §3.1.2.1: IV = snmpEngineBoots ‖ snmpEngineTime ‖ salt.
        BinaryPrimitives.WriteInt32BigEndian(iv, engineBoots);
        BinaryPrimitives.WriteInt32BigEndian(iv[4..], engineTime);
        salt.CopyTo(iv[8..]);
    }

    private static byte[] AesCfb(PrivProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, bool encrypt)
    {
        using var aes = Aes.Create();
        aes.Key = key[..protocol.KeyLength()].ToArray();
        // .NET's CFB wants whole blocks. In CFB-128 the first k output bytes of a block depend only on the
        // first k input bytes and the previous ciphertext block, so zero-padding and truncating is exact.
        var padded = new byte[(input.Length + 15) / 16 * 16];
        input.CopyTo(padded);
        var output = encrypt
            ? aes.EncryptCfb(padded, iv, PaddingMode.None, 128)
            : aes.DecryptCfb(padded, iv, PaddingMode.None, 128);
        return output.AsSpan(0, input.Length).ToArray();
    }
}
