using System.Security.Cryptography;

namespace Kdfm.Snmp.Security;

/// <summary>Facts about each protocol and their Net-SNMP command-line names.</summary>
public static class UsmProtocols
{
    /// <summary>Length of msgAuthenticationParameters: 12 for MD5/SHA-1 (RFC 3414 §6, §7), RFC 7860 §4.2 for SHA-2.</summary>
    public static int MacLength(this AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Md5 or AuthProtocol.Sha1 => 12,
        AuthProtocol.Sha224 => 16,
        AuthProtocol.Sha256 => 24,
        AuthProtocol.Sha384 => 32,
        AuthProtocol.Sha512 => 48,
        _ => 0,
    };

    public static int DigestLength(this AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Md5 => 16,
        AuthProtocol.Sha1 => 20,
        AuthProtocol.Sha224 => 28,
        AuthProtocol.Sha256 => 32,
        AuthProtocol.Sha384 => 48,
        AuthProtocol.Sha512 => 64,
        _ => 0,
    };

    /// <summary>Key length in bytes of the cipher (DES: 8-byte key + 8-byte pre-IV, RFC 3414 §8.1.1.1).</summary>
    public static int KeyLength(this PrivProtocol protocol) => protocol switch
    {
        PrivProtocol.Des or PrivProtocol.Aes128 => 16,
        PrivProtocol.Aes192 or PrivProtocol.Aes192C => 24,
        PrivProtocol.Aes256 or PrivProtocol.Aes256C => 32,
        _ => 0,
    };

    public static byte[] Hash(this AuthProtocol protocol, ReadOnlySpan<byte> data) => protocol switch
    {
        AuthProtocol.Md5 => MD5.HashData(data),
        AuthProtocol.Sha1 => SHA1.HashData(data),
        AuthProtocol.Sha224 => Sha224.Hash(data),
        AuthProtocol.Sha256 => SHA256.HashData(data),
        AuthProtocol.Sha384 => SHA384.HashData(data),
        AuthProtocol.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "no hash for this protocol"),
    };

    public static byte[] Hmac(this AuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => protocol switch
    {
        AuthProtocol.Md5 => HMACMD5.HashData(key, data),
        AuthProtocol.Sha1 => HMACSHA1.HashData(key, data),
        AuthProtocol.Sha224 => Sha224.Hmac(key, data),
        AuthProtocol.Sha256 => HMACSHA256.HashData(key, data),
        AuthProtocol.Sha384 => HMACSHA384.HashData(key, data),
        AuthProtocol.Sha512 => HMACSHA512.HashData(key, data),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "no HMAC for this protocol"),
    };

    public static bool TryParseAuth(string name, out AuthProtocol protocol)
    {
        protocol = name.ToUpperInvariant() switch
        {
            "MD5" => AuthProtocol.Md5,
            "SHA" or "SHA1" or "SHA-1" => AuthProtocol.Sha1,
            "SHA-224" or "SHA224" => AuthProtocol.Sha224,
            "SHA-256" or "SHA256" => AuthProtocol.Sha256,
            "SHA-384" or "SHA384" => AuthProtocol.Sha384,
            "SHA-512" or "SHA512" => AuthProtocol.Sha512,
            _ => AuthProtocol.None,
        };
        return protocol != AuthProtocol.None;
    }

    public static bool TryParsePriv(string name, out PrivProtocol protocol)
    {
        protocol = name.ToUpperInvariant() switch
        {
            "DES" => PrivProtocol.Des,
            "AES" or "AES128" or "AES-128" => PrivProtocol.Aes128,
            "AES-192" or "AES192" => PrivProtocol.Aes192,
            "AES-256" or "AES256" => PrivProtocol.Aes256,
            "AES-192-C" or "AES192C" => PrivProtocol.Aes192C,
            "AES-256-C" or "AES256C" => PrivProtocol.Aes256C,
            _ => PrivProtocol.None,
        };
        return protocol != PrivProtocol.None;
    }

    public static string Name(this AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Md5 => "MD5",
        AuthProtocol.Sha1 => "SHA",
        AuthProtocol.Sha224 => "SHA-224",
        AuthProtocol.Sha256 => "SHA-256",
        AuthProtocol.Sha384 => "SHA-384",
        AuthProtocol.Sha512 => "SHA-512",
        _ => "none",
    };

    public static string Name(this PrivProtocol protocol) => protocol switch
    {
        PrivProtocol.Des => "DES",
        PrivProtocol.Aes128 => "AES",
        PrivProtocol.Aes192 => "AES-192",
        PrivProtocol.Aes256 => "AES-256",
        PrivProtocol.Aes192C => "AES-192-C",
        PrivProtocol.Aes256C => "AES-256-C",
        _ => "none",
    };
}
